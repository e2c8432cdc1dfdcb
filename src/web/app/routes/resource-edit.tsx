export default function ResourceEditPage() {
  return null;
}
