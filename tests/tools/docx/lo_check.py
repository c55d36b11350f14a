#!/usr/bin/python3
"""Opens .docx files in a real reader (LibreOffice, headless, through UNO) and reports what it read.

Usage: /usr/bin/python3 lo_check.py OUTDIR FILE.docx...

Starts one private LibreOffice (its own profile in a temporary folder, a named pipe, its own
process group) for all files, and for each FILE.docx writes into OUTDIR:
  FILE.txt   the text export (filter "Text (encoded)", UTF-8)
  FILE.pdf   the PDF export (writer_pdf_Export)
  FILE.json  {"paragraphs": [...], "redlines": [{"type", "author", "date"}...],
              "comments": [{"author", "initials", "content", "anchor"}...],
              "accepted": [...], "rejected": [...]}
where "paragraphs" are the body's paragraphs as loaded, "accepted" after
.uno:AcceptAllTrackedChanges and "rejected" after .uno:RejectAllTrackedChanges on a fresh load.
Exits non-zero, with the reason on stderr, if LibreOffice cannot be started or a file cannot be
opened or converted. Ends only the LibreOffice it started.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import uno  # Debian's python3-uno, for /usr/bin/python3
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

TIMEOUT_SECONDS = 180


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


class Office:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="caucus-docx-lo-")
        self.pipe = "caucus_docx_%d" % os.getpid()
        soffice = shutil.which("soffice") or "/usr/bin/soffice"
        self.proc = subprocess.Popen(
            [
                soffice,
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                "-env:UserInstallation=" + url(self.profile),
                "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except NoConnectException:
                if self.proc.poll() is not None:
                    raise RuntimeError("LibreOffice exited with status %s before accepting connections" % self.proc.returncode)
                if time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice did not accept a connection within 90 s")
                time.sleep(0.2)
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.ctx)

    def load(self, path):
        doc = self.desktop.loadComponentFromURL(url(path), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", False)))
        if doc is None:
            raise RuntimeError("LibreOffice could not open %s" % path)
        if not doc.supportsService("com.sun.star.text.TextDocument"):
            doc.close(True)
            raise RuntimeError("LibreOffice did not read %s as a text document" % path)
        return doc

    def dispatch(self, doc, command):
        frame = doc.getCurrentController().getFrame()
        self.dispatcher.executeDispatch(frame, command, "", 0, ())

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:  # the bridge goes away with the process
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill_group(self.proc)
        shutil.rmtree(self.profile, ignore_errors=True)


def kill_group(proc):
    """Ends the process group of the LibreOffice this script started (its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def paragraphs(doc):
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element.getString())
        else:
            out.append("<table>")
    return out


def redlines(doc):
    out = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        r = enum.nextElement()
        d = r.getPropertyValue("RedlineDateTime")
        out.append(
            {
                "type": r.getPropertyValue("RedlineType"),
                "author": r.getPropertyValue("RedlineAuthor"),
                "date": "%04d-%02d-%02dT%02d:%02d:%02d" % (d.Year, d.Month, d.Day, d.Hours, d.Minutes, d.Seconds),
            }
        )
    return out


def comments(doc):
    out = []
    enum = doc.getTextFields().createEnumeration()
    while enum.hasMoreElements():
        field = enum.nextElement()
        if not field.supportsService("com.sun.star.text.textfield.Annotation"):
            continue
        out.append(
            {
                "author": field.getPropertyValue("Author"),
                "initials": field.getPropertyValue("Initials"),
                "content": field.getPropertyValue("Content"),
                "anchor": field.getAnchor().getString(),
            }
        )
    return out


def check(office, path, outdir):
    stem = os.path.splitext(os.path.basename(path))[0]
    report = {}
    doc = office.load(path)
    try:
        report["paragraphs"] = paragraphs(doc)
        report["redlines"] = redlines(doc)
        report["comments"] = comments(doc)
        doc.storeToURL(
            url(os.path.join(outdir, stem + ".txt")),
            (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")),
        )
        doc.storeToURL(url(os.path.join(outdir, stem + ".pdf")), (prop("FilterName", "writer_pdf_Export"),))
        office.dispatch(doc, ".uno:AcceptAllTrackedChanges")
        report["accepted"] = paragraphs(doc)
        report["redlines_after_accept"] = len(redlines(doc))
    finally:
        doc.close(True)
    doc = office.load(path)
    try:
        office.dispatch(doc, ".uno:RejectAllTrackedChanges")
        report["rejected"] = paragraphs(doc)
    finally:
        doc.close(True)
    with open(os.path.join(outdir, stem + ".json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    outdir, files = sys.argv[1], sys.argv[2:]
    os.makedirs(outdir, exist_ok=True)
    office = None

    def on_timeout(signum, frame):
        if office is not None:
            kill_group(office.proc)
        print("LibreOffice took longer than %d s" % TIMEOUT_SECONDS, file=sys.stderr)
        os._exit(3)

    signal.signal(signal.SIGALRM, on_timeout)
    signal.alarm(TIMEOUT_SECONDS)
    started = time.monotonic()
    try:
        office = Office()
        for path in files:
            check(office, path, outdir)
            print("checked %s" % path)
    except Exception as e:  # report any UNO or I/O failure as a failed check
        print("error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    finally:
        if office is not None:
            office.close()
    print("LibreOffice checks took %.1f s" % (time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
