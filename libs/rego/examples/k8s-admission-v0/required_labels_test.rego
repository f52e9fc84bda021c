package k8srequiredlabels

test_missing_label_reported {
	v := violation with input as {
		"review": {"object": {"metadata": {"labels": {"app": "web"}}}},
		"parameters": {"labels": ["app", "owner"]},
	}
	count(v) == 1
	v[x]
	x.details.missing_labels == {"owner"}
}

test_all_labels_present {
	count(violation) == 0 with input as {
		"review": {"object": {"metadata": {"labels": {"app": "web", "owner": "team-a"}}}},
		"parameters": {"labels": ["app", "owner"]},
	}
}

# Was BUGS.md #1 (sprintf printed a set as an array): sprintf is an exact host call now, so the
# set prints with braces, as OPA prints it.
test_message_prints_the_missing_set {
	v := violation with input as {
		"review": {"object": {"metadata": {"labels": {"app": "web"}}}},
		"parameters": {"labels": ["app", "owner", "team"]},
	}
	v[x]
	x.msg == "you must provide labels: {\"owner\", \"team\"}"
}
