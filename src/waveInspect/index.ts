/**
 * Wave: Inspect Container Image and the read-only `seqera-inspect:` documents
 * it opens. This file is the feature's only door: other features and the
 * wiring import from here, never from the files beside it.
 */
export { InspectDocuments } from './inspectDocuments';
export { inspectImageCommand } from './inspectImage';
