package imports

import data.lib.helpers
import data.lib.other as o
import input.request as req
import future.keywords
import future.keywords.in
import rego.v1
import input

p if helpers.ok(req)
