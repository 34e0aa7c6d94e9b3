//go:build tools

// Package tools pins MetalLB's controller command, which testenv builds from this module with
// `go build go.universe.tf/metallb/controller` (a main package of the dependency, built as it is).
package tools

import _ "go.universe.tf/metallb/controller"
