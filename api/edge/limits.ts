/** What the API accepts at its edge, before any route sees a request. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const BODY_LIMIT_LABEL = '1 MB';
/** Objects and arrays nested deeper than this are refused: no body of ours needs more than a few levels. */
export const MAX_INPUT_DEPTH = 16;
