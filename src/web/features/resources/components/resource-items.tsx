import { useId } from 'react';
import type { ResourceItemView } from '#shared/contracts/resources.ts';
import { PdfPreview } from './pdf-preview.tsx';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function FilePreview({ item }: { item: Extract<ResourceItemView, { type: 'file' }> }) {
  const { file, previewUrl } = item;
  if (!previewUrl) return null;
  if (file.preview === 'image')
    return (
      <figure className="resource-preview">
        <img
          src={previewUrl}
          alt={`Preview of ${file.filename}`}
          loading="lazy"
          className="resource-preview__image"
        />
      </figure>
    );
  if (file.preview === 'video')
    return (
      <figure className="resource-preview">
        {/* Shared classroom videos come without captions files; the commentary describes them. */}
        {/* biome-ignore lint/a11y/useMediaCaption: no caption track is uploaded with a resource yet */}
        <video
          controls
          preload="metadata"
          src={previewUrl}
          aria-label={`Video: ${file.filename}`}
          className="resource-preview__video"
        />
      </figure>
    );
  if (file.preview === 'pdf') return <PdfPreview url={previewUrl} filename={file.filename} />;
  return null;
}

/** A version's files and links, each with the sharer's commentary, a preview where one can be shown, and a download. */
export function ResourceItems({
  items,
  showPreviews = true,
}: {
  items: ResourceItemView[];
  showPreviews?: boolean;
}) {
  if (items.length === 0) return <p className="muted">No files or links.</p>;
  return (
    <ol className="resource-items">
      {items.map((item) =>
        item.type === 'file' ? (
          <li key={`file-${item.file.id}`} className="resource-item">
            <h3 className="resource-item__title">{item.file.filename}</h3>
            {item.commentary && <p className="resource-item__commentary">{item.commentary}</p>}
            {showPreviews && <FilePreview item={item} />}
            <p>
              <a href={item.downloadUrl} download={item.file.filename}>
                Download {item.file.filename}
              </a>{' '}
              <span className="muted">({formatBytes(item.file.byteSize)})</span>
            </p>
          </li>
        ) : (
          <li key={`link-${item.url}`} className="resource-item">
            <h3 className="resource-item__title">
              <a href={item.url} rel="noopener noreferrer nofollow" target="_blank">
                {item.title}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            </h3>
            <p className="muted resource-item__url">{item.url}</p>
            {item.commentary && <p className="resource-item__commentary">{item.commentary}</p>}
          </li>
        ),
      )}
    </ol>
  );
}

/** A version's body, on the resource page and on an older version's page: its notes, then its files and links. */
export function ResourceContent({ notesHtml, items }: { notesHtml: string; items: ResourceItemView[] }) {
  const id = useId();
  return (
    <>
      {notesHtml && (
        <section aria-labelledby={`${id}-notes`}>
          <h2 id={`${id}-notes`}>Notes</h2>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitized on the server (renderMarkdown) */}
          <div className="resource-page__notes" dangerouslySetInnerHTML={{ __html: notesHtml }} />
        </section>
      )}
      <section aria-labelledby={`${id}-items`}>
        <h2 id={`${id}-items`}>Files and links</h2>
        <ResourceItems items={items} />
      </section>
    </>
  );
}
