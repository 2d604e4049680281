"""The article's geographic claims checked against the geodata (within, borders, distance,
direction, length), with the datasets' known errors. Imports story and geo.
"""
