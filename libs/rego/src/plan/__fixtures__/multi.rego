# entrypoints: test/s
package test

s contains x if {
	some x in input.xs
	x > 1
}

s contains "const"
