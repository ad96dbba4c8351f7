"""The benchmark suite of issue 17: `python -m bench` measures every figure of the issue's table,
each against a baseline measured in the same run, prints the table and writes it as JSON.

The figures are declared in bench/figures.py; each group of them is measured by one module
(bench/served.py, bench/search.py...) in a fresh process of its own, so one group's heap and
garbage do not weigh on the next. bench/README.md says what each figure measures and how.
"""
