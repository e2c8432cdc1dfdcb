import { type Ref, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { VideoDetail } from '#shared/contracts/video.ts';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { usePlayback, useVideo } from '../api/videos.ts';
import './video.css';

/** "1:05" or "1:02:05": a moment of the video as people read it. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export interface Marker {
  /** A stable key: the comment's id. */
  id?: string;
  atSeconds: number;
  label: string;
}

export interface PlayerHandle {
  seek(seconds: number): void;
  currentTime(): number;
}

/**
 * The lesson video: plays the rendition the browser can take, with captions, from short-lived URLs
 * the server checks on every request; markers on a timeline below seek when chosen. While the video
 * is converted it shows the progress instead.
 */
export function VideoPlayer({
  videoId,
  markers = [],
  onTime,
  handle,
}: {
  videoId: string;
  markers?: Marker[];
  onTime?: (seconds: number) => void;
  handle?: Ref<PlayerHandle>;
}) {
  const video = useVideo(videoId);
  if (video.isPending) return <Loading label="Loading the video…" />;
  if (video.error) return <ErrorMessage error={video.error} />;
  return <PlayerFor video={video.data.data} markers={markers} onTime={onTime} handle={handle} />;
}

export function PlayerFor({
  video,
  markers,
  onTime,
  handle,
}: {
  video: VideoDetail;
  markers: Marker[];
  onTime?: (seconds: number) => void;
  handle?: Ref<PlayerHandle>;
}) {
  const element = useRef<HTMLVideoElement>(null);
  const ready = video.status === 'ready';
  const playback = usePlayback(video.id, ready);
  const [duration, setDuration] = useState(video.durationSeconds ?? 0);
  useImperativeHandle(handle, () => ({
    seek(seconds: number) {
      const player = element.current;
      if (!player) return;
      player.currentTime = seconds;
      player.focus();
    },
    currentTime: () => element.current?.currentTime ?? 0,
  }));
  useEffect(() => setDuration(video.durationSeconds ?? 0), [video.durationSeconds]);

  if (video.status === 'uploading')
    return <p className="video-status">This video is still being uploaded.</p>;
  if (video.status === 'processing')
    return (
      <div className="video-status" role="status">
        <p>Converting the video so it plays everywhere… {video.statusDetail ?? ''}</p>
        <progress max={100} value={video.progress} aria-label="Conversion progress">
          {video.progress}%
        </progress>
      </div>
    );
  if (video.status === 'failed')
    return (
      <div className="notice notice--error" role="alert">
        <p>{video.statusDetail ?? 'This video could not be converted.'}</p>
      </div>
    );
  if (playback.error) return <ErrorMessage error={playback.error} />;
  if (!playback.data) return <Loading label="Preparing playback…" />;
  if (playback.data.sources.length === 0)
    return (
      <div className="video-status" role="status">
        <p>Cutting the clip shared with you… It plays here as soon as it is ready.</p>
        <progress aria-label="Preparing the clip" />
      </div>
    );
  return (
    <div className="video-player">
      {/* biome-ignore lint/a11y/useMediaCaption: captions are offered through a track when the owner added them */}
      <video
        ref={element}
        controls
        playsInline
        preload="metadata"
        poster={playback.data.poster ?? undefined}
        aria-label={`Lesson video: ${video.title}`}
        onLoadedMetadata={(e) =>
          Number.isFinite(e.currentTarget.duration) && setDuration(e.currentTarget.duration)
        }
        onTimeUpdate={(e) => onTime?.(e.currentTarget.currentTime)}
        onError={() => void playback.refetch()}
      >
        {playback.data.sources.map((s) => (
          <source key={s.kind} src={s.url} type="video/mp4" />
        ))}
        {playback.data.captions && (
          <track kind="captions" src={playback.data.captions} srcLang="en" label="Captions" default />
        )}
      </video>
      {markers.length > 0 && duration > 0 && (
        <ol className="video-timeline" aria-label="Comments on the timeline">
          {markers.map((m) => (
            <li
              key={m.id ?? `${m.atSeconds}-${m.label}`}
              style={{ left: `${Math.min(100, (m.atSeconds / duration) * 100)}%` }}
            >
              <button
                type="button"
                className="video-timeline__marker"
                title={`${clock(m.atSeconds)} ${m.label}`}
                aria-label={`Go to ${clock(m.atSeconds)}: ${m.label}`}
                onClick={() => {
                  const player = element.current;
                  if (player) player.currentTime = m.atSeconds;
                }}
              />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
