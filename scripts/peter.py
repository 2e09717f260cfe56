#!/usr/bin/env python3
"""The Peter-principle model of Pluchino, Rapisarda and Garofalo (Physica A 389 (2010)
467-472), written plainly in Python with the standard library only.

It makes the same choices as `pendulum simulate peter` (docs/simulation.md) and runs the
same protocol, so the two can be compared: their figures agree within standard errors
(the random numbers differ), and their speeds are in docs/benchmarks.md.

    scripts/peter.py --table                       # the paper's Table 1: 8 x 50 runs x 1000 years
    scripts/peter.py --hypothesis peter --strategy best --runs 20 --steps 500
    scripts/peter.py --table --format json
"""
import argparse
import json
import math
import random
import sys

# The pyramid, top first: (positions, responsibility).
LEVELS = [(1, 1.0), (5, 0.9), (11, 0.8), (21, 0.6), (41, 0.4), (81, 0.2)]
MEAN_COMPETENCE, SD_COMPETENCE = 7.0, 2.0
MIN_COMPETENCE, MAX_COMPETENCE = 1.0, 10.0
MEAN_AGE, SD_AGE = 25.0, 5.0
DISMISSAL_BELOW, RETIREMENT_ABOVE = 4.0, 60.0
COMMON_SENSE_CHANGE = 1.0
MAX_WEIGHTED = sum(n * r * MAX_COMPETENCE for n, r in LEVELS)

HYPOTHESES = ["common-sense", "peter"]
STRATEGIES = ["best", "worst", "random", "best-worst"]


def draw_competence(rng):
    """Normal of mean 7 and standard deviation 2, drawn again until within [1, 10]."""
    while True:
        x = rng.gauss(MEAN_COMPETENCE, SD_COMPETENCE)
        if MIN_COMPETENCE <= x <= MAX_COMPETENCE:
            return x


def recruit(rng):
    """A new agent as [competence, age]."""
    competence = draw_competence(rng)
    return [competence, rng.gauss(MEAN_AGE, SD_AGE)]


def efficiency(levels):
    weighted = sum(r * sum(agent[0] for agent in level) for level, (_, r) in zip(levels, LEVELS))
    return 100.0 * weighted / MAX_WEIGHTED


def choose(level, strategy, p, rng):
    """The index of the agent to promote out of a non-empty level."""
    if strategy == "best-worst":
        strategy = "best" if rng.random() < p else "worst"
    if strategy == "best":
        return max(range(len(level)), key=lambda i: level[i][0])
    if strategy == "worst":
        return min(range(len(level)), key=lambda i: level[i][0])
    return rng.randrange(len(level))


def promoted_competence(hypothesis, old, rng):
    if hypothesis == "common-sense":
        new = old + COMMON_SENSE_CHANGE * (2.0 * rng.random() - 1.0)
        return min(MAX_COMPETENCE, max(MIN_COMPETENCE, new))
    return draw_competence(rng)


def step(levels, hypothesis, strategy, p, rng):
    """One year: everyone ages, the leavers leave, vacancies are filled from the top."""
    for level in levels:
        for agent in level:
            agent[1] += 1.0
    for i, level in enumerate(levels):
        levels[i] = [a for a in level if not (a[0] < DISMISSAL_BELOW or a[1] > RETIREMENT_ABOVE)]
    while True:
        for upper in range(len(levels) - 1):
            target, source = levels[upper], levels[upper + 1]
            while len(target) < LEVELS[upper][0] and source:
                agent = source.pop(choose(source, strategy, p, rng))
                agent[0] = promoted_competence(hypothesis, agent[0], rng)
                target.append(agent)
        bottom = levels[-1]
        while len(bottom) < LEVELS[-1][0]:
            bottom.append(recruit(rng))
        if all(len(level) == n for level, (n, _) in zip(levels, LEVELS)):
            return efficiency(levels)


def run_once(hypothesis, strategy, p, steps, seed, run):
    """One run: its initial efficiency and its mean over the final two fifths of years."""
    organisation_rng = random.Random(f"{seed}/organisation/{run}")
    rng = random.Random(f"{seed}/years/{run}")
    levels = [[recruit(organisation_rng) for _ in range(n)] for n, _ in LEVELS]
    initial = efficiency(levels)
    window = (2 * steps + 4) // 5
    tail = 0.0
    for year in range(1, steps + 1):
        e = step(levels, hypothesis, strategy, p, rng)
        if year > steps - window:
            tail += e
    return initial, tail / window


def estimate(xs):
    n = len(xs)
    mean = sum(xs) / n
    variance = sum((x - mean) ** 2 for x in xs) / (n - 1)
    return {"mean": mean, "standard_error": math.sqrt(variance / n)}


def simulate(hypothesis, strategy, p, runs, steps, seed):
    results = [run_once(hypothesis, strategy, p, steps, seed, run) for run in range(runs)]
    initial = [r[0] for r in results]
    finals = [r[1] for r in results]
    return {
        "hypothesis": hypothesis,
        "strategy": strategy,
        "p": p if strategy == "best-worst" else None,
        "runs": runs,
        "steps": steps,
        "initial_efficiency": estimate(initial),
        "final_efficiency": estimate(finals),
        "gain": estimate([f - i for f, i in zip(finals, initial)]),
    }


def show(e, signed=False):
    return f"{e['mean']:{'+' if signed else ''}.2f} ± {e['standard_error']:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hypothesis", choices=HYPOTHESES)
    parser.add_argument("--strategy", choices=STRATEGIES)
    parser.add_argument("--p", type=float, default=0.5)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2010)
    parser.add_argument("--table", action="store_true", help="all eight combinations")
    parser.add_argument("--format", choices=["human", "json"], default="human")
    args = parser.parse_args()
    if not 0.0 <= args.p <= 1.0:
        parser.error("--p must be a probability from 0 to 1")
    if args.runs < 2 or args.steps < 1:
        parser.error("--runs must be 2 or more and --steps 1 or more")
    if args.table:
        combos = [(h, s) for h in HYPOTHESES for s in STRATEGIES]
    elif args.hypothesis and args.strategy:
        combos = [(args.hypothesis, args.strategy)]
    else:
        parser.error("give --table, or --hypothesis and --strategy")
    reports = [simulate(h, s, args.p, args.runs, args.steps, args.seed) for h, s in combos]
    if args.format == "json":
        json.dump({"reports": reports}, sys.stdout, indent=2)
        print()
        return
    print(f"{args.runs} runs of {args.steps} years, seed {args.seed}")
    print(f"{'hypothesis':<13} {'strategy':<16} {'initial':>14} {'final':>14} {'gain (points)':>16}")
    for r in reports:
        label = r["strategy"] if r["p"] is None else f"{r['strategy']} (p={r['p']})"
        print(
            f"{r['hypothesis']:<13} {label:<16} {show(r['initial_efficiency']):>14}"
            f" {show(r['final_efficiency']):>14} {show(r['gain'], True):>16}"
        )


if __name__ == "__main__":
    main()
