"""Watch mode: rebuild whenever the data a person edits changes (``mapgen build --watch``).

:func:`watch` builds once, then again after every save under ``seeds/`` or ``geo/``
(or of a file given by name), and reports what changed and how the build went.
Broken data is reported problem by problem while the last good map stays in place
(the build writes atomically), and the watch goes on until the data is fixed.

File events come from :mod:`watchfiles` (inotify on Linux). Only the files the
build reads count: editor swap and backup files, ``__pycache__``, hidden folders and
the output never start a build, so writing the map cannot start a rebuild loop.
"""

from __future__ import annotations

import errno
import fnmatch
import queue
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from types import TracebackType

import watchfiles
from watchfiles import Change

from mapgen.errors import DataError
from mapgen.validate.layers import LAYER_SUFFIXES

# The longest a burst of saves is grouped for (ms), and how long the files must be
# quiet before the batch is taken: one save, or a `git checkout`, is one rebuild.
DEBOUNCE_MS = 1600
QUIET_MS = 100

# What the build reads in each folder; a folder of another name counts them all.
DATA_SUFFIXES: Mapping[str, frozenset[str]] = {
    "seeds": frozenset({".txt"}),
    "geo": frozenset({".yaml", ".yml", *LAYER_SUFFIXES}),  # layers: tables, workbooks, GeoJSON
}
ANY_DATA_SUFFIX = frozenset().union(*DATA_SUFFIXES.values())

# Files editors and tools write beside the real one while saving: vim's swap and
# its write test (4913), backups (~), emacs locks and autosaves, temp files
# (our own atomic writes are ``.NAME.XXXX.tmp``), JetBrains' safe-write copies.
EDITOR_NOISE = (".*.sw?", "*~", ".#*", "#*#", "4913", "*.tmp", "*___jb_*___")
IGNORED_FOLDERS = frozenset({"__pycache__"})

Batch = set[tuple[Change, str]]


def is_editor_noise(name: str) -> bool:
    """Whether a file name is an editor's or a tool's temporary file, not data.

    >>> [is_editor_noise(n) for n in (".sites.yaml.swp", "sites.yaml~", ".#sites.yaml", "4913")]
    [True, True, True, True]
    >>> is_editor_noise(".g60_corridor.html.k2j4x9.tmp"), is_editor_noise("sites.yaml")
    (True, False)
    """
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in EDITOR_NOISE)


def is_under(path: PurePath, folder: PurePath) -> bool:
    """Whether ``path`` is ``folder`` or inside it.

    >>> output = PurePath("/p/output")
    >>> is_under(PurePath("/p/output/map.html"), output), is_under(PurePath("/p/out"), output)
    (True, False)
    """
    return path == folder or folder in path.parents


@dataclass(frozen=True)
class WatchedData:
    """The folders and single files whose changes start a build, and what to leave alone.

    All paths absolute (``watch`` resolves them); ``ignored`` holds the output file or
    folder, which the build itself writes to.
    """

    folders: tuple[PurePath, ...]
    files: frozenset[PurePath]
    ignored: tuple[PurePath, ...] = ()

    def matters(self, path: PurePath) -> bool:
        """Whether a change to ``path`` should start a build.

        >>> data = WatchedData((PurePath("/p/seeds"), PurePath("/p/geo")),
        ...                    frozenset({PurePath("/elsewhere/extra.csv")}), (PurePath("/p/geo/out"),))
        >>> [data.matters(PurePath(p)) for p in ("/p/geo/sites.yaml", "/p/geo/layers/parks.csv",
        ...                                      "/p/seeds/003_new.txt", "/elsewhere/extra.csv")]
        [True, True, True, True]
        >>> [data.matters(PurePath(p)) for p in ("/p/seeds/notes.yaml", "/p/geo/.#sites.yaml",
        ...                                      "/p/geo/out/map.json", "/p/geo/.git/index.json",
        ...                                      "/p/geo/__pycache__/x.json", "/elsewhere/other.csv",
        ...                                      "/p/output/g60_corridor.html")]
        [False, False, False, False, False, False, False]
        """
        if path in self.files:
            return True
        if any(is_under(path, ignored) for ignored in self.ignored) or is_editor_noise(path.name):
            return False
        for folder in self.folders:
            if folder in path.parents:
                between = path.relative_to(folder).parts[:-1]
                if any(part in IGNORED_FOLDERS or part.startswith(".") for part in between):
                    return False
                return path.suffix.lower() in DATA_SUFFIXES.get(folder.name, ANY_DATA_SUFFIX)
        return False

    def loose_files(self) -> list[PurePath]:
        """The single files outside every watched folder."""
        return sorted(f for f in self.files if not any(folder in f.parents for folder in self.folders))


def shown(path: PurePath, root: PurePath) -> str:
    """A path as the user reads it: relative to the project root where it lies inside.

    >>> root = PurePath("/p")
    >>> shown(PurePath("/p/geo/sites.yaml"), root), shown(PurePath("/data/extra.csv"), root)
    ('geo/sites.yaml', '/data/extra.csv')
    """
    return path.relative_to(root).as_posix() if root in path.parents else path.as_posix()


def what_happened(existed: bool, exists: bool) -> str:
    """What happened to a changed file, from whether it existed before the batch and does now.

    Not from the events: a save that renames a new file over the old one is an
    "add" event, yet the user modified the file.

    >>> what_happened(False, True), what_happened(True, True), what_happened(True, False)
    ('added', 'modified', 'deleted')
    >>> what_happened(False, False)
    'added and deleted'
    """
    if existed:
        return "modified" if exists else "deleted"
    return "added" if exists else "added and deleted"


def changed_line(what: Mapping[str, str]) -> str:
    """The report line for one batch: every file, sorted, with what happened to it.

    >>> changed_line({"seeds/002_new.txt": "added", "geo/sites.yaml": "modified"})
    'changed: geo/sites.yaml (modified), seeds/002_new.txt (added)'
    """
    return "changed: " + ", ".join(f"{path} ({kind})" for path, kind in sorted(what.items()))


def existing_data(data: WatchedData) -> frozenset[PurePath]:
    """The data files there are now: what a batch's changes are compared with."""
    in_folders = (path for folder in data.folders for path in Path(folder).rglob("*"))
    return frozenset(path for path in in_folders if data.matters(path)) | {
        path for path in data.files if Path(path).exists()
    }


def describe_batch(
    batch: Batch,
    before: Collection[PurePath],
    now: Collection[PurePath],
    root: PurePath,
    replaced: Iterable[PurePath] = (),
) -> str:
    """The report line for one batch of events, given the data files before it and after,
    and the folders that new folders replaced (whose files had no events).

    >>> describe_batch(set(), [], [], PurePath("/p"), [PurePath("/p/geo")])
    'changed: geo/ (replaced)'
    """
    return changed_line(
        {
            **{
                shown(path, root): what_happened(path in before, path in now)
                for path in {PurePath(name) for _, name in batch}
            },
            **{shown(folder, root) + "/": "replaced" for folder in replaced},
        }
    )


KEPT = "the last good map is kept unchanged"


def problem_lines(error: DataError) -> list[str]:
    """Every problem of a failed build, then what that means for the map.

    >>> from mapgen.errors import Problem
    >>> problem_lines(DataError([Problem("geo/sites.yaml", 3, "YAML syntax", "bad indent")]))
    ['geo/sites.yaml:3: YAML syntax: bad indent', '1 problem found; the last good map is kept unchanged.']
    """
    count = len(error.problems)
    return [
        *(str(problem) for problem in error.problems),
        f"{count} problem{'s' if count != 1 else ''} found; {KEPT}.",
    ]


def failure_line(error: Exception) -> str:
    """The report line for a build that failed for another reason than the data.

    >>> failure_line(ValueError("boom"))
    'mapgen: internal error: ValueError: boom (a bug: rerun with --debug for the traceback); still watching'
    >>> failure_line(PermissionError(13, "Permission denied", "map.html"))
    'mapgen: cannot read or write map.html: Permission denied; the last good map is kept unchanged'
    """
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"mapgen: cannot read or write{where}: {error.strerror or error}; {KEPT}"
    return (
        f"mapgen: internal error: {type(error).__name__}: {error} "
        "(a bug: rerun with --debug for the traceback); still watching"
    )


def build_and_report(rebuild: Callable[[], str], report: Callable[[str], None], debug: bool) -> None:
    """Run one build and report how it went; only ``debug`` lets an unexpected error escape."""
    try:
        message = rebuild()
    except DataError as error:
        for line in problem_lines(error):
            report(line)
        return
    except Exception as error:
        if debug:
            raise
        report(failure_line(error))
        return
    if message:
        report(message)


_READY = None  # the first item each watcher thread queues: it sees changes from now on
_Item = tuple[object, Batch | BaseException | None]  # (the watcher that queued it, what)
Identity = tuple[int, int] | None  # a folder's device and inode; None while it is missing


def identity(folder: PurePath) -> Identity:
    """Which folder is at ``folder`` now: a folder replaced by another (``rm -r geo && mv geo.new
    geo``) has a new identity, and its watch must start again, since inotify follows the old one."""
    try:
        status = Path(folder).stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


class _Watchers:
    """watchfiles watchers, one daemon thread per watched folder, feeding their batches to one queue.

    Folders are watched recursively. A single file is watched through its folder, alone,
    since inotify loses a file that an editor replaces by renaming over it, and that
    folder (say, the project root) may hold far too much to watch recursively.

    inotify watches a folder, not a path: once a folder is replaced by a new one, its
    watch sees nothing more. :meth:`restart_replaced` notices that and watches the new one.
    """

    def __init__(self, data: WatchedData, debounce_ms: int, force_polling: bool | None) -> None:
        self._queue: queue.Queue[_Item] = queue.Queue()
        self._data = data
        self._debounce_ms = debounce_ms
        self._force_polling = force_polling
        # Each folder to watch, and whether recursively (a single file's folder is not).
        self._roots: dict[PurePath, bool] = {folder: True for folder in data.folders}
        for parent in sorted({f.parent for f in data.loose_files()}):
            self._roots.setdefault(parent, False)
        self._running: dict[PurePath, tuple[threading.Thread, threading.Event, Identity]] = {}
        self._starting: set[object] = set()
        self._lost: set[PurePath] = set()  # folders whose watch saw them deleted

    def _start(self, root: PurePath) -> None:
        stop = threading.Event()
        found = identity(root)
        thread = threading.Thread(
            target=self._feed, name="mapgen-watch", daemon=True, args=(root, self._roots[root], stop)
        )
        self._running[root] = (thread, stop, found)
        self._starting.add(stop)
        self._lost.discard(root)
        thread.start()

    def _stop(self, root: PurePath) -> None:
        thread, stop, _ = self._running.pop(root)
        self._starting.discard(stop)
        stop.set()
        thread.join(timeout=5)

    def _feed(self, root: PurePath, recursive: bool, stop: threading.Event) -> None:
        data, itself = self._data, str(root)
        try:
            events = watchfiles.watch(
                itself,
                # The folder's own deletion too: its watch is over (see restart_replaced).
                watch_filter=lambda _, name: name == itself or data.matters(PurePath(name)),
                recursive=recursive,
                debounce=self._debounce_ms,
                step=QUIET_MS,
                stop_event=stop,
                force_polling=self._force_polling,
                # An empty batch at each timeout tells the watcher is running.
                rust_timeout=QUIET_MS,
                yield_on_timeout=True,
            )
            for count, batch in enumerate(events):
                if count == 0:
                    self._queue.put((stop, _READY))
                if batch:
                    self._queue.put((stop, batch))
        except BaseException as error:  # the thread calling watch() raises it
            self._queue.put((stop, error))

    def __enter__(self) -> _Watchers:
        for root in self._roots:
            self._start(root)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        for root in list(self._running):
            _, stop, _ = self._running[root]
            stop.set()
        for root in list(self._running):
            self._stop(root)

    @property
    def started(self) -> bool:
        return not self._starting

    def restart_replaced(self) -> list[PurePath]:
        """Watch anew each folder that another folder has replaced since its watch began.

        Returns those folders; what their old watches saw, or will still say, is dropped:
        it is about folders that are gone. A folder that is missing for now keeps its old
        watch until a folder is there again.
        """
        replaced = []
        for root, (_, _, watched) in list(self._running.items()):
            now = identity(root)
            if now is not None and (now != watched or root in self._lost):
                self._stop(root)
                self._start(root)
                replaced.append(root)
        return replaced

    def changes(self, timeout: float) -> Batch:
        """Every change queued so far, waiting up to ``timeout`` seconds for the first."""
        batch: Batch = set()
        current = {stop: root for root, (_, stop, _) in self._running.items()}
        try:
            source, item = self._queue.get(timeout=timeout)
            while True:
                if source not in current:
                    pass  # from the watch of a folder since replaced
                elif isinstance(item, BaseException):
                    raise item
                elif item is _READY:
                    self._starting.discard(source)
                else:
                    root = current[source]
                    if (Change.deleted, str(root)) in item:
                        self._lost.add(root)
                    batch |= {(change, name) for change, name in item if name != str(root)}
                source, item = self._queue.get_nowait()
        except queue.Empty:
            return batch


def watched_data(paths: Iterable[Path], ignore: Iterable[Path]) -> WatchedData:
    """Folders and files to watch, resolved; a folder must exist, a file's folder too."""
    folders: list[PurePath] = []
    files: set[PurePath] = set()
    for path in (Path(p).resolve() for p in paths):
        if path.is_dir():
            folders.append(path)
        elif path.parent.is_dir():
            files.add(path)  # it may not exist yet: creating it starts a build
        else:
            raise FileNotFoundError(errno.ENOENT, "no such folder to watch", str(path))
    return WatchedData(tuple(folders), frozenset(files), tuple(Path(p).resolve() for p in ignore))


def watching_line(data: WatchedData, root: PurePath) -> str:
    """What the watch is looking at, said once after the first build.

    >>> watching_line(WatchedData((PurePath("/p/seeds"), PurePath("/p/geo")), frozenset()), PurePath("/p"))
    'watching seeds/, geo/ for changes (Ctrl-C stops)'
    """
    shown_paths = [shown(f, root) + "/" for f in data.folders] + [shown(f, root) for f in sorted(data.files)]
    return f"watching {', '.join(shown_paths)} for changes (Ctrl-C stops)"


def watch(
    paths: Sequence[Path],
    rebuild: Callable[[], str],
    report: Callable[[str], None],
    *,
    root: Path | None = None,
    ignore: Sequence[Path] = (),
    stop_event: threading.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
    debug: bool = False,
    force_polling: bool | None = None,
) -> None:
    """Build now, then after every batch of changes to the data under ``paths``, until stopped.

    ``paths``: folders, watched recursively for the files the build reads (``*.txt``
    under ``seeds/``; YAML, GeoJSON, JSON and CSV under ``geo/``), and single files,
    which count whatever their name. ``rebuild`` builds and returns the line to report
    (say, ``wrote output/g60_corridor.html (…) in 0.4 s``). ``report`` receives each
    line: what changed (paths relative to ``root``, the current folder by default),
    then the build's line, or each problem of a :class:`mapgen.DataError` and that the
    last good map is kept. ``ignore``: files or folders whose changes never count,
    such as the output. Any other error is reported as a bug and the watch goes on,
    unless ``debug``. Returns when ``stop_event`` is set or on Ctrl-C; raises
    ``FileNotFoundError`` for a folder that does not exist. ``force_polling``: poll
    instead of using inotify (``None``: watchfiles decides, see
    ``WATCHFILES_FORCE_POLLING``).
    """
    data = watched_data(paths, ignore)
    base = (root or Path.cwd()).resolve()

    def stopped() -> bool:
        return stop_event is not None and stop_event.is_set()

    try:
        with _Watchers(data, debounce_ms, force_polling) as watchers:
            while not watchers.started:  # build only once every change from now on will be seen
                if stopped():
                    return
                watchers.changes(timeout=0.1)
            known = existing_data(data)
            build_and_report(rebuild, report, debug)
            report(watching_line(data, base))
            while not stopped():
                batch = watchers.changes(timeout=0.1)
                replaced = watchers.restart_replaced()
                if replaced:
                    batch = {(change, name) for change, name in batch if not _inside(name, replaced)}
                    while not watchers.started and not stopped():  # then build, as at the start
                        batch |= watchers.changes(timeout=0.1)
                if batch or replaced:
                    before, known = known, existing_data(data)
                    report(describe_batch(batch, before, known, base, replaced))
                    build_and_report(rebuild, report, debug)
    except KeyboardInterrupt:
        report("stopped watching.")


def _inside(name: str, folders: Iterable[PurePath]) -> bool:
    return any(is_under(PurePath(name), folder) for folder in folders)
