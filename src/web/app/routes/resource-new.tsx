export default function ResourceNewPage() {
  return null;
}
