/** A multipart/form-data body holding one file under `field`, for `agent.request({ ...multipart(...) })`. */
export function multipart(field: string, filename: string, contentType: string, data: Buffer) {
  const boundary = `----trellis${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
