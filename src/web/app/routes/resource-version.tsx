export default function ResourceVersionPage() {
  return null;
}
