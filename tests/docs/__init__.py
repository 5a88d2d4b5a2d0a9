"""The documentation and the tree hold: README, references, layout, layers, public names, typing."""
