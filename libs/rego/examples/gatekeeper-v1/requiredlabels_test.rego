package k8srequiredlabels_test

import rego.v1

import data.k8srequiredlabels.violation

params := {"labels": [{"key": "owner", "allowedRegex": `^[a-z]+\.team$`}, {"key": "app"}]}

ns_inventory := {"cluster": {"v1": {"Namespace": {"sandbox": {"metadata": {"labels": {"policy.vigil.dev/exempt": "requiredlabels"}}}}}}}

review(labels) := {"review": {"object": {"kind": "Pod", "metadata": {"name": "p", "namespace": "prod", "labels": labels}}}, "parameters": params}

test_all_labels_valid if {
	count(violation) == 0 with input as review({"owner": "payments.team", "app": "api"})
}

test_missing_labels_listed_sorted if {
	v := violation with input as review({"team": "x"})
	v == {{"msg": "you must provide labels: [\"app\", \"owner\"]", "details": {"missing_labels": {"app", "owner"}}}}
}

test_no_labels_at_all if {
	inp := {"review": {"object": {"metadata": {"name": "p"}}}, "parameters": params}
	some v in violation with input as inp
	v.details.missing_labels == {"owner", "app"}
}

test_regex_mismatch if {
	violation == {{"msg": "Label <owner: Payments> does not satisfy allowed regex: ^[a-z]+\\.team$"}} with input as review({"owner": "Payments", "app": "api"})
}

test_label_without_regex_accepts_any_value if {
	count(violation) == 0 with input as review({"owner": "a.team", "app": "ANY value!"})
}

test_custom_message if {
	inp := object.union(review({"app": "api"}), {"parameters": {"message": "ask #platform for help"}})
	violation == {{"msg": "ask #platform for help", "details": {"missing_labels": {"owner"}}}} with input as inp
}

test_empty_custom_message_falls_back if {
	inp := object.union(review({"app": "api"}), {"parameters": {"message": ""}})
	some v in violation with input as inp
	startswith(v.msg, "you must provide labels")
}

test_exempt_namespace if {
	inp := object.union(review({}), {"review": {"object": {"metadata": {"namespace": "sandbox"}}}})
	count(violation) == 0 with input as inp with data.inventory as ns_inventory
	count(violation) == 1 with input as review({}) with data.inventory as ns_inventory
}
