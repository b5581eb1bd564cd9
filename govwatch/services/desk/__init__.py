"""Operations desk (运维服务台, issue #8 §1 §2 §6): tickets (工单) and their SLA clocks, the duty roster (值班),
and the contract assessment (合同考核) of provincial new-media checks."""
