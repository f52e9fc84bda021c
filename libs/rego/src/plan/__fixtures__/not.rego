# entrypoints: test/p, test/q
package test

p if {
	not input.deny
}

sub.a := true

sub.b := false

# The negated ref branches (a bound key into a package with several rules): a flag decides.
q if {
	not data.test.sub[input.k]
}
