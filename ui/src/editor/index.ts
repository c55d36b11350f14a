// The drafting room's editor module: the live CITES page (mountDraftEditor) and its comments panel (mountComments).

export { mountDraftEditor, type DraftEditor, type EditorOptions } from "./editor";
export { mountComments, type CommentsOptions } from "./comments";
export { schema } from "./schema";
export { number, letters, roman } from "./numbering";
