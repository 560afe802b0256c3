/**
 * How to read the grade book: walk every page (20 learners a request) or ask for each linked
 * student alone (`course-grades?course=…&user=…`). A learner's entry is large (~71 KB in the
 * recorded page: 1.35 MB for 19 learners), so when few of the course's learners have linked
 * their Stepik here, asking for them one by one moves a fraction of the bytes; when many have,
 * the walk needs far fewer requests. Pick by expected time: requests cost the client's rate
 * limit, bytes cost bandwidth.
 */
export type GradeStrategy = 'walk' | 'per-student';

export interface StrategyInputs {
  /** Students here with a Stepik account linked (those the sync can match). */
  linkedStudents: number;
  /** Learners the last full walk found (the grade book's size); null before the first walk. */
  knownLearners: number | null;
  requestsPerSecond: number;
  /** Learners on one grade-book page. */
  pageSize?: number;
  /** One learner's grade-book entry, in bytes. */
  entryBytes?: number;
  /** What the link to Stepik carries, in bytes per second. */
  bytesPerSecond?: number;
}

export const DEFAULT_PAGE_SIZE = 20;
/** From the recorded 19-learner page (shared/fixtures): 1.35 MB / 19. */
export const DEFAULT_ENTRY_BYTES = 71_000;
/**
 * What a grade-book page arrives at from Stepik (its pages are large JSON built per request);
 * only the ratio to the request cost matters.
 */
export const DEFAULT_BYTES_PER_SECOND = 2_000_000;

export interface StrategyChoice {
  strategy: GradeStrategy;
  /** Expected seconds for each way, for the summary. */
  walkSeconds: number;
  perStudentSeconds: number;
}

export function chooseGradeStrategy(inputs: StrategyInputs): StrategyChoice {
  const pageSize = inputs.pageSize ?? DEFAULT_PAGE_SIZE;
  const entryBytes = inputs.entryBytes ?? DEFAULT_ENTRY_BYTES;
  const bytesPerSecond = inputs.bytesPerSecond ?? DEFAULT_BYTES_PER_SECOND;
  const requestSeconds = 1 / Math.max(inputs.requestsPerSecond, 0.001);
  const entrySeconds = entryBytes / bytesPerSecond;
  // Before the first walk the grade book's size is unknown: walk it once to learn it.
  if (inputs.knownLearners === null)
    return { strategy: 'walk', walkSeconds: NaN, perStudentSeconds: NaN };
  const learners = Math.max(inputs.knownLearners, inputs.linkedStudents);
  const walkSeconds =
    Math.max(1, Math.ceil(learners / pageSize)) * requestSeconds + learners * entrySeconds;
  const perStudentSeconds = inputs.linkedStudents * (requestSeconds + entrySeconds);
  return {
    strategy: perStudentSeconds < walkSeconds ? 'per-student' : 'walk',
    walkSeconds,
    perStudentSeconds,
  };
}
