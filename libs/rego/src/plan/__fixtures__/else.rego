# entrypoints: test/p
package test

p := "a" if {
	input.x == 1
} else := "b" if {
	input.x == 2
} else := "c"

p := "z" if input.force
