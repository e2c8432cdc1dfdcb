import type { FastifyInstance } from 'fastify';
import type { NotificationKind } from './activity.ts';
import type { TopicDeclaration } from './realtime.ts';
import type { FeedItemKind } from './feed-items.ts';
import type { FeatureData } from './data-classes.ts';
import type { JobDefinition } from './jobs.ts';
import type { LearningKind } from './learning-kinds.ts';
import type { SearchDocumentKind } from './search-documents.ts';
import type { ReplyHandler } from './reply-mail.ts';

/**
 * What a feature contributes to Trellis, declared from its own folder. `features/index.ts` lists the
 * features; the app, the activity stream, the job queue and the data hooks read what each declares,
 * so adding a feature changes no central file.
 */
export interface Feature {
  /** One name for the feature across server, contracts and web (its folder's name). */
  name: string;
  /** Routes under `/api`. */
  routes?: (app: FastifyInstance) => Promise<void>;
  /** Routes at the root, outside `/api` (public documents such as DID documents and credential pages). */
  rootRoutes?: (app: FastifyInstance) => Promise<void>;
  /** Decorations the feature gives the app, made before any feature's routes are registered. */
  decorate?: (app: FastifyInstance) => void;
  /** Notification kinds: the verbs each follows from, how it reads and links, who may receive it. */
  notifications?: readonly NotificationKind[];
  /** Realtime topics open pages may listen to, with who may hear each. */
  topics?: readonly TopicDeclaration[];
  /** Feed item kinds: which statements become items of the home feed, whom each reaches, how it shows. */
  feedItems?: readonly FeedItemKind[];
  /** Background jobs on the PostgreSQL queue, worked by every instance. */
  jobs?: readonly JobDefinition[];
  /** Its tables' data classes and erasure work: what export, erasure and retention read (decision 014). */
  data?: FeatureData;
  /** Search document kinds: the views that turn its rows into documents search finds (decision 015). */
  searchDocuments?: readonly SearchDocumentKind[];
  /** What posts replies that arrive by email to what its notifications are about (reply-mail.ts). */
  replyHandlers?: readonly ReplyHandler[];
  /** Learning kinds: which of its statements are a person's learning, for their learning log (decision 051). */
  learning?: readonly LearningKind[];
}

/** Declares a feature; the identity function gives the declaration its type where it is written. */
export function defineFeature(feature: Feature): Feature {
  return feature;
}
