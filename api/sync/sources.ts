/**
 * What the sync needs from Stepik, as narrow interfaces: the real client (api/stepik/) fits
 * them, and so can a test double.
 */
export interface StructureSource {
  getCourse(id: number): Promise<{ id: number; title: string; sections: number[] } | null>;
  getSections(
    ids: number[],
  ): Promise<{ id: number; position: number; title: string; units: number[] }[]>;
  getUnits(
    ids: number[],
  ): Promise<{ id: number; section: number; lesson: number; position: number }[]>;
  getLessons(ids: number[]): Promise<{ id: number; title: string; steps: number[] }[]>;
}

export interface GradeRecord {
  user: number;
  results: ReadonlyMap<number, { isPassed: boolean; score: number }>;
}

export interface GradeSource {
  walkCourseGrades(
    query: { course: number; user?: number; klass?: number },
    onPage: (grades: GradeRecord[], page: number, hasNext: boolean) => Promise<void> | void,
  ): Promise<{ pages: number; learners: number }>;
}

export interface StepikSource extends StructureSource, GradeSource {
  readonly requestCount: number;
  /** Response bytes received so far (0 where a test double does not count them). */
  readonly byteCount?: number;
}
