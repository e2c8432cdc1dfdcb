import type { Feature } from '#server/platform/feature.ts';
import accounts from './accounts/index.ts';
import coaching from './coaching/index.ts';
import collections from './collections/index.ts';
import communities from './communities/index.ts';
import credentials from './credentials/index.ts';
import discussion from './discussion/index.ts';
import edcamp from './edcamp/index.ts';
import events from './events/index.ts';
import feed from './feed/index.ts';
import inquiry from './inquiry/index.ts';
import improvement from './improvement/index.ts';
import integrations from './integrations/index.ts';
import mobilization from './mobilization/index.ts';
import notifications from './notifications/index.ts';
import onboarding from './onboarding/index.ts';
import pathways from './pathways/index.ts';
import jobs from './jobs/index.ts';
import learning from './learning/index.ts';
import messages from './messages/index.ts';
import mentoring from './mentoring/index.ts';
import lrs from './lrs/index.ts';
import privacy from './privacy/index.ts';
import profiles from './profiles/index.ts';
import resources from './resources/index.ts';
import rosterSync from './roster-sync/index.ts';
import search from './search/index.ts';
import sso from './sso/index.ts';
import video from './video/index.ts';
import videoLibrary from './video-library/index.ts';

/** Every feature of Trellis. Their routes are registered in this order; nothing else lists them. */
export const features: Feature[] = [
  accounts,
  profiles,
  communities,
  discussion,
  resources,
  collections,
  mobilization,
  credentials,
  learning,
  inquiry,
  improvement,
  video,
  videoLibrary,
  coaching,
  pathways,
  mentoring,
  events,
  edcamp,
  feed,
  onboarding,
  search,
  sso,
  notifications,
  messages,
  integrations,
  lrs,
  rosterSync,
  privacy,
  jobs,
];
