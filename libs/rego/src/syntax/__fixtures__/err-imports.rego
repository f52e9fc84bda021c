package errors.imports

import foo.bar
import future.keywords.nope
import rego.v2
import data.x as 1

p := 1
