"""Evaluation suite: gold questions, metrics, naive baseline, runner and reports (see eval/README.md)."""
