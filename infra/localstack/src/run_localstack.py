"""Run LocalStack's runtime in this process, tied to the lifetime of the Node process that started it.

hostLocalStack.ts starts this as `<venv python> run_localstack.py` with stdin a pipe that Node never writes to.

- End-of-file on stdin means Node is gone (it exited, was killed, or crashed). We then send ourselves SIGTERM,
  which LocalStack answers with its normal shutdown, and exit after at most SHUTDOWN_GRACE_SECONDS.
- Once LocalStack's runtime returns we leave with os._exit(): normal interpreter teardown would spend ~3 s in
  garbage collection, and this LocalStack keeps no state worth tearing down (PERSISTENCE=0).
- On the way out we delete CHUNKLINE_LOCALSTACK_RUN_DIR (its FILESYSTEM_ROOT), so nothing is left behind even
  when Node could not clean up.
"""

import os
import runpy
import shutil
import signal
import sys
import threading
import traceback

SHUTDOWN_GRACE_SECONDS = 5


def exit_now(code: int) -> None:
    try:
        run_dir = os.environ.get("CHUNKLINE_LOCALSTACK_RUN_DIR")
        if run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def stop_when_parent_exits() -> None:
    try:
        while os.read(0, 1024):
            pass
    except OSError:
        pass
    print("run_localstack: parent process is gone, stopping LocalStack", file=sys.stderr, flush=True)
    deadline = threading.Timer(SHUTDOWN_GRACE_SECONDS, exit_now, args=(1,))
    deadline.daemon = True
    deadline.start()
    # Aim at the main thread so its event loop wakes up and runs LocalStack's SIGTERM handler at once.
    main_thread = threading.main_thread().ident
    if main_thread is not None:
        signal.pthread_kill(main_thread, signal.SIGTERM)


def main() -> None:
    threading.Thread(target=stop_when_parent_exits, daemon=True).start()
    code = 0
    try:
        runpy.run_module("localstack.runtime.main", run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    exit_now(code)


if __name__ == "__main__":
    main()
