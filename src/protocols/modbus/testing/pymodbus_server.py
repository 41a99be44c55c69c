#!/usr/bin/env python3
"""An independent Modbus TCP server for the driver tests (Debian python3-pymodbus).

usage: pymodbus_server.py PORT            Modbus TCP on 127.0.0.1:PORT
       pymodbus_server.py --rtu DEVICE    Modbus RTU at 19200 8N1 on a serial device (a pty)

Unit 1 holds a known register image the tests read back through our master:
  holding 0      = 1234 (uint16)
  holding 1      = 65535 - 99 (int16 -100)
  holding 10..11 = float32 3.5, big-endian words (ABCD)
  holding 20..21 = int32 -123456, little-endian words (CDAB)
  holding 100..1099 = i % 65536 (a 1,000-register block for the poll bench)
  coil 0 = 1, coil 1 = 0, coil 2 = 1
  discrete 5 = 1
  input 0 = 777
Addresses past 1200 answer exception 2 (illegal data address).
"""
import asyncio
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer


def words(fmt, value, swap_words=False):
    raw = struct.pack(">" + fmt, value)
    w = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
    return list(reversed(w)) if swap_words else w


def main():
    size = 1200
    hr = [0] * size
    hr[0] = 1234
    hr[1] = 65536 - 100
    hr[10:12] = words("f", 3.5)
    hr[20:22] = words("i", -123456, swap_words=True)
    for i in range(1000):
        hr[100 + i] = i % 65536
    co = [0] * size
    co[0], co[2] = 1, 1
    di = [0] * size
    di[5] = 1
    ir = [0] * size
    ir[0] = 777
    slave = ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, di),
        co=ModbusSequentialDataBlock(0, co),
        hr=ModbusSequentialDataBlock(0, hr),
        ir=ModbusSequentialDataBlock(0, ir),
        zero_mode=True,
    )
    context = ModbusServerContext(slaves={1: slave}, single=False)
    if sys.argv[1] == "--rtu":
        print("pymodbus RTU server on %s" % sys.argv[2], flush=True)
        asyncio.run(
            StartAsyncSerialServer(
                context, framer=ModbusRtuFramer, port=sys.argv[2], baudrate=19200, bytesize=8, parity="N", stopbits=1
            )
        )
        return
    port = int(sys.argv[1])
    print("pymodbus server on 127.0.0.1:%d" % port, flush=True)
    # reuse the address: the fault tests restart the server on the same port at once
    asyncio.run(StartAsyncTcpServer(context, address=("127.0.0.1", port), allow_reuse_address=True))


if __name__ == "__main__":
    main()
