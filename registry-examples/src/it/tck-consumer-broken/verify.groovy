// The build failed because the kit found the broken promise, and said which one first.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /(?m)^\[ERROR\].*rule2_invalidateReturnsTheRemovedIdAndDeliversItAsExplicit/ : 'the rule 2 test must fail'
assert log =~ /AssertionFailedError: Rule 2: / : 'the failure message must start with "Rule 2: "'
return true
