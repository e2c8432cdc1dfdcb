// What other features' pages embed: the player, the whole workspace, the uploader and the owner's panel.
export { type CommentTag, VideoWorkspace } from './components/video-workspace.tsx';
export { clock, type Marker, type PlayerHandle, VideoPlayer } from './components/video-player.tsx';
export { VideoUploader } from './components/video-uploader.tsx';
export { VideoOwnerPanel } from './components/video-owner-panel.tsx';
export { useVideo, useVideos } from './api/videos.ts';
