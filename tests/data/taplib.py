"""A few lines of TAP for the data tests: meson runs them with protocol 'tap'."""

import sys


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, detail=None):
        self.n += 1
        print(("ok" if ok else "not ok") + " %d - %s" % (self.n, what))
        if not ok:
            self.failed += 1
            if detail:
                for line in str(detail).splitlines():
                    print("# " + line)
        sys.stdout.flush()
        return ok

    def equal(self, got, want, what):
        return self.check(got == want, what, "got:  %r\nwant: %r" % (got, want))

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line)

    def skip(self, what, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, what, why))

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)
