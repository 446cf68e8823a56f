"""Solve DIMACS minimum-cost flow files with OR-Tools' SimpleMinCostFlow and time it.

Usage: python3 recommend_ortools.py REPETITIONS FILE.dimacs [FILE.dimacs ...]

Each file comes from the bench_recommend example of caunoi-core. Its comment line
"c source S sink T" names the source and sink, and the problem is a maximum flow at
minimum cost, solved with solve_max_flow_with_min_cost. For each file this prints
"ortools NAME FLOW COST LOAD_MS SOLVE_MS", where LOAD_MS is adding the arcs and
supplies to the solver and SOLVE_MS the median of the solves.
"""

import pathlib
import statistics
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def read_dimacs(path):
    """Return (source, sink, supply, tails, heads, capacities, costs), 0-based."""
    source = sink = None
    supply = 0
    arcs = []
    with open(path) as lines:
        for line in lines:
            fields = line.split()
            if not fields:
                continue
            if fields[0] == "c" and len(fields) == 5 and fields[1] == "source":
                source, sink = int(fields[2]) - 1, int(fields[4]) - 1
            elif fields[0] == "n" and int(fields[2]) > 0:
                supply = int(fields[2])
            elif fields[0] == "a":
                arcs.append([int(value) for value in fields[1:]])
    if source is None:
        sys.exit(f"error: {path} has no 'c source S sink T' line; regenerate it with bench_recommend")
    table = np.array(arcs, dtype=np.int64).reshape(-1, 5)
    return source, sink, supply, table[:, 0] - 1, table[:, 1] - 1, table[:, 3], table[:, 4]


def solve(problem):
    """Return (flow, cost, load seconds, solve seconds) of one maximum flow at minimum cost."""
    source, sink, supply, tails, heads, capacities, costs = problem
    started = time.perf_counter()
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    solver.set_node_supply(source, supply)
    solver.set_node_supply(sink, -supply)
    loaded = time.perf_counter()
    status = solver.solve_max_flow_with_min_cost()
    solved = time.perf_counter()
    if status != solver.OPTIMAL:
        sys.exit(f"error: OR-Tools returned status {status}, expected OPTIMAL")
    return solver.maximum_flow(), solver.optimal_cost(), loaded - started, solved - loaded


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: recommend_ortools.py REPETITIONS FILE.dimacs [FILE.dimacs ...]; REPETITIONS is a positive integer")
    repetitions = int(sys.argv[1])
    for path in sys.argv[2:]:
        problem = read_dimacs(path)
        runs = [solve(problem) for _ in range(repetitions)]
        flow, cost = runs[0][0], runs[0][1]
        if any((run[0], run[1]) != (flow, cost) for run in runs):
            sys.exit(f"error: OR-Tools gave different results across runs on {path}")
        load_ms = statistics.median(run[2] for run in runs) * 1000
        solve_ms = statistics.median(run[3] for run in runs) * 1000
        print(f"ortools {pathlib.Path(path).stem} {flow} {cost} {load_ms:.1f} {solve_ms:.1f}")


if __name__ == "__main__":
    main()
