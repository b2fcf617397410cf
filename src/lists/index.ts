/**
 * Victim lists in the app: link the imported lists, review uncertain pairs, merge and unmerge
 * with history, estimate the total with an interval, publish an estimate to the public site.
 */
export { linkLists, type LinkRunSummary, type LinkStage } from "./linkage.service.ts";
export { decidePair, mergeClusters, unmergeRecord, revertEvent, type ReviewOutcome } from "./review.service.ts";
export { getReviewQueue, getCluster, getLinkageOverview, listReviewEvents, type QueuedPair, type RecordView } from "./review.read.service.ts";
export { runEstimate, listEstimates, getEstimate, publishEstimate, unpublishEstimate, type EstimateView } from "./estimate.service.ts";
export { listsRoutes } from "./lists.routes.tsx";
export { registerListsCommand } from "./lists.command.ts";
export { linkAndEstimateDemo } from "./demo-results.service.ts";
