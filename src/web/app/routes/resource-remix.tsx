export default function ResourceRemixPage() {
  return null;
}
