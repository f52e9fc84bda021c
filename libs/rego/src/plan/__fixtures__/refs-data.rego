# entrypoints: a/all, a/keys, a/one
package a

b.c.p := 1
b.c.q := 2
b.d := 3

# Iterating a package mixes rules with base data (keys not covered by rules).
all contains [k, v] if {
	v := data.a.b.c[k]
}

keys contains k if {
	data.a.b[k]
}

# A bound key picks the one rule instead of building the whole document.
one := data.a.b.c[input.k]
