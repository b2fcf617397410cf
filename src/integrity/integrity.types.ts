/** One thing found wrong: where (an audit entry, a claim, an entity, an archive item) and what. */
export interface IntegrityProblem {
  where: string;
  message: string;
}
