// Each of the three builds ran the whole kit (not 0 tests) and passed.
def log = new File(basedir, 'build.log').text
def summaries = (log =~ /(?m)^\[(?:INFO|WARNING)\] Tests run: (\d+), Failures: 0, Errors: 0, Skipped: (\d+)\s*$/).collect { it }
assert summaries.size() >= 3 : "expected three passing test summaries in build.log, found ${summaries.size()}"
summaries.each { assert (it[1] as int) > 50 : "the kit ran only ${it[1]} tests" }
return true
