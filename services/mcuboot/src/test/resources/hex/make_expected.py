#!/usr/bin/python3
"""Writes the expected Intel HEX files for IntelHexCompatTest with Debian's python3-intelhex 2.3.0.

Run from this folder:  /usr/bin/python3 make_expected.py
Each case is a list of (address, length) runs; the byte at address a is pattern(a).
Keep CASES in step with IntelHexCompatTest.CASES.
"""
from intelhex import IntelHex


def pattern(a):
    return (a * 7 + (a >> 11) + 3) & 0xFF


CASES = {
    # name: (runs, start_addr, byte_count)
    "low_0100": ([(0x0100, 100)], None, 16),
    "low_at_0_to_ffff": ([(0x0000, 40), (0xFFF0, 16)], None, 16),
    "cross_64k": ([(0xFFC5, 100)], None, 16),
    "gaps": ([(0x1000, 20), (0x1015, 5), (0x1030, 1), (0x2FFFF, 2), (0x50000, 40)], None, 16),
    "at_10000000": ([(0x10000000, 300)], None, 16),
    "at_18000000_trailer": ([(0x18000000, 5000), (0x1800FFE8, 24)], None, 16),
    "top_of_4g": ([(0xFFFFFFE0, 32)], None, 16),
    "start_linear": ([(0x10000000, 20)], {"EIP": 0x10000401}, 16),
    "start_segment": ([(0x0200, 20)], {"CS": 0x1234, "IP": 0xABCD}, 16),
    "bytes32": ([(0x0FFF0, 70), (0x20000, 33)], None, 32),
}

for name, (runs, start, byte_count) in CASES.items():
    ih = IntelHex()
    for address, length in runs:
        for a in range(address, address + length):
            ih[a] = pattern(a)
    if start:
        ih.start_addr = start
    with open(name + ".hex", "w") as f:
        ih.tofile(f, "hex", byte_count=byte_count)

# A valid but unusual input and what intelhex writes after reading it.
ih = IntelHex("unusual_input.hex")
with open("unusual_output.hex", "w") as f:
    ih.tofile(f, "hex")
