// The small draft each room of the memory measures holds (run.mjs's "memory per open room" and
// rooms.mjs): one preamble paragraph of about 110 characters and a title, as a new Y.Doc.

import * as Y from 'yjs'

/** Room `r`'s draft: a Y.Doc (GC off, as the clients' drafts) with one paragraph and a title. */
export function roomDraft (r) {
  const doc = new Y.Doc({ gc: false })
  doc.transact(() => {
    const para = new Y.XmlElement('para')
    para.setAttribute('id', `p${r}`)
    para.setAttribute('kind', 'preamble')
    doc.getXmlFragment('body').insert(0, [para])
    const t = new Y.XmlText()
    para.insert(0, [t])
    t.insert(0, `Recalling its resolution ${r} on the matter, and noting with concern the report of the Secretary-General, `)
    doc.getMap('meta').set('title', `Workshop ${r}`)
  })
  return doc
}
