# rego: v0
package regov1

import rego.v1

p contains x if some x in input.xs

q if every x in input.xs { x }
