"""Tests of the region's figures: gaps, supply against demand, progress."""
