// Package instance will own instances: the configured, versioned copy of an
// integration deployed to one customer, with its lifecycle (activate,
// configure, deploy, pause, resume, upgrade, deactivate) derived from stored
// facts with a fixed precedence: unconfigured → paused → pending changes →
// active. It holds no code yet.
package instance
