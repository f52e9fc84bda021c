# rego: v0
package future

import future.keywords.in
import future.keywords.every
import future.keywords.if
import future.keywords.contains

p contains x if {
	some x in input.xs
	every y in input.ys { y }
}

q[x] {
	x := 1
}
