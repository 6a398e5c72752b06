"""Protocol-faithful fakes of services that cannot run here (real HTTP servers on 127.0.0.1)."""
