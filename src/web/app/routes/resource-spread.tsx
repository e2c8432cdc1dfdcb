export default function ResourceSpreadPage() {
  return null;
}
