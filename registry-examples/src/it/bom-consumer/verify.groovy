// The service built against the BOM's versions and its test ran.
def log = new File(basedir, 'build.log').text
assert log =~ /(?m)^\[INFO\] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0\s*$/ : 'the service test must run and pass'
return true
