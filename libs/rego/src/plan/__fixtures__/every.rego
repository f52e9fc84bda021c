# entrypoints: test/p
package test

p if {
	every k, v in input.m {
		v > k
		some y in input.ys
		y == v
	}
}
