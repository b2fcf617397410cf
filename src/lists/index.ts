/**
 * Victim lists in the app: link the imported lists, review uncertain pairs, merge and unmerge
 * with history, estimate the total with an interval, publish an estimate to the public site.
 */
export { linkLists, type LinkRunSummary, type LinkStage } from "./linkage.service.ts";
export { decidePair, mergeClusters, unmergeRecord, revertEvent, type ReviewOutcome } from "./review.service.ts";
export { getReviewQueue, getCluster, getLinkageOverview, listReviewEvents, type QueuedPair, type RecordView } from "./review.read.service.ts";
export { runEstimate, listEstimates, getEstimate, publishEstimate, unpublishEstimate, type EstimateView } from "./estimate.service.ts";
export { linkAndEstimateDemo } from "./demo-results.service.ts";
export { getEstimatePlot, type EstimateListItem, type EstimateResultJson } from "./estimate.service.ts";
export { recordKeyFrom } from "./linkage.service.ts";
export { mayLists } from "./lists.policy.ts";
export { findClusterOf, listLinkedClusters, type EventView, type LinkageOverview } from "./review.read.service.ts";
export { keyString, parseKeyString, type RecordKey } from "./keys.ts";
export { estimateRunJob, requestEstimateRun, ESTIMATE_RUN, ESTIMATE_RUN_JOB, EstimateRunJobPayload } from "./estimate-run.job.ts";
export { linkRunJob, linkRunJobPayload, requestLinkRun, LinkRunJobPayload, LINK_RUN, LINK_RUN_JOB, type LinkRunJobResult } from "./link-run.job.ts";
export { defaultChains, estimateLcmcrInThreads, type LcmcrRunControl, type LcmcrThreadedResult } from "./lcmcr-runner.ts";
