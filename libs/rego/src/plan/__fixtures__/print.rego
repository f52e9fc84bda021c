# entrypoints: test/p
# print: on
package test

p if {
	print("x is", input.x)
}
