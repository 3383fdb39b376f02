"""Synthetic corpus maker (`benchmarks.synth`) and benchmark runner (`benchmarks.run`)."""
