"""What tests share: servers, samples, fixed-epoch simulators, paths; imported, never collected."""
