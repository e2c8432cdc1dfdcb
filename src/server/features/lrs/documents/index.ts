import type { XapiResource } from '../http.ts';
import { documentResourceList } from './resources.ts';

/**
 * The document resources of the LRS (State, Activity Profile, Agent Profile), each an
 * `XapiResource` (see ../http.ts) that the `/xapi` plugin registers with the shared plumbing:
 * authentication, version header, alternate request syntax, CORS and errors are done before a
 * handler runs. Owned by the documents work; the statements work only reads this list.
 */
export const documentResources: readonly XapiResource[] = documentResourceList;
