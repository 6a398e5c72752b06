"""The knowledge skill: the bilingual knowledge base, retrieval down to the line that holds the
fact, abstention calibrated on the development questions below, and the knowledge rescue rule.

The development questions (``DEV``) are this module's own: the abstention thresholds and the
synonym lists were tuned on them. The evaluation set, ``data/knowledge-eval/questions.jsonl``,
is written by someone else and only measured (tests/app/test_knowledge_eval.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

# (question, language, document stem or None when the knowledge base does not answer it, a token
# the quoted line must contain)
DEV: list[tuple[str, str, str | None, str | None]] = [
    ("how much does the data analytics bootcamp cost?", "en", "fees-and-payment", "2,400"),
    ("Can I pay with Yape?", "en", "fees-and-payment", "Yape"),
    ("is cash accepted?", "en", "fees-and-payment", "Cash"),
    ("what's the price of Power BI Básico", "en", "fees-and-payment", "290"),
    ("do you charge a late fee if I pay after the due date", "en", "fees-and-payment", "20"),
    ("can I split the bootcamp payment into instalments", "en", "fees-and-payment", "3 monthly"),
    ("I need a factura for my company, what do I do?", "en", "fees-and-payment", "RUC"),
    ("is there a discount for groups from the same company", "en", "fees-and-payment", "20%"),
    ("how much is the registration fee", "en", "fees-and-payment", "50"),
    ("what time does the Lima campus close on weekdays", "en", "campuses-and-hours", "22:00"),
    ("where is the Trujillo campus?", "en", "campuses-and-hours", "Pizarro"),
    ("is there parking at the Lima campus", "en", "campuses-and-hours", "car park"),
    ("what's the wifi password", "en", "campuses-and-hours", "Ruta-Aprende"),
    ("is the Cusco campus open on Inti Raymi", "en", "campuses-and-hours", "24 June"),
    ("how old do I have to be to enrol", "en", "enrolment", "16"),
    ("the cohort I want is full, what can I do?", "en", "enrolment", "cohort"),
    ("how many courses can I take at once", "en", "enrolment", "2 courses"),
    ("when does enrolment close for a cohort", "en", "enrolment", "7 days"),
    ("do I get my money back if I cancel a week before it starts", "en", "refunds", "refund"),
    ("can I freeze my enrolment for medical reasons", "en", "refunds", "6 months"),
    ("how long does a refund take", "en", "refunds", "15 business days"),
    ("what grade do I need to get a certificate", "en", "certificates", "13"),
    ("how can an employer verify my certificate", "en", "certificates", "verif"),
    ("is the certificate recognised by SUNEDU", "en", "certificates", "SUNEDU"),
    ("what's the minimum attendance", "en", "attendance", "80%"),
    ("what happens if I arrive 20 minutes late", "en", "attendance", "absence"),
    ("who can apply for the Beca Ruta", "en", "scholarships", "Beca"),
    ("when can I apply for a scholarship", "en", "scholarships", "pply"),
    ("is there a scholarship for women in tech", "en", "scholarships", "women"),
    ("how long are the internships", "en", "internships", "hours"),
    ("are interns paid", "en", "internships", "allowance"),
    ("does Ruta guarantee me a job", "en", "job-placement", "guarantee"),
    ("when is the job fair", "en", "job-placement", "May"),
    ("what browsers work with Ruta Campus", "en", "online-platform", "Chrome"),
    ("how long can I watch the recording of a live class", "en", "online-platform", "30 days"),
    ("what's the largest file I can upload for an assignment", "en", "online-platform", "50 MB"),
    ("I forgot my password", "en", "account-and-password", "password"),
    ("how long must my password be", "en", "account-and-password", "10 characters"),
    ("what is the WhatsApp number", "en", "contact", "900 555 010"),
    ("how do I file a complaint", "en", "contact", "Reclamaciones"),
    ("who is the data protection officer", "en", "data-privacy", "Carmen"),
    ("do you sell my data", "en", "data-privacy", "never sells"),
    ("is the Cusco lab wheelchair accessible", "en", "accessibility", "accessible"),
    ("can I get a sign language interpreter", "en", "accessibility", "LSP"),
    ("what are the evening class hours in Arequipa", "en", "schedules-and-class-format", "17:00"),
    ("how many students are in an online class", "en", "schedules-and-class-format", "40"),
    ("are the courses taught in English?", "en", "schedules-and-class-format", "Spanish"),
    ("can I pay with PayPal?", "en", None, None),
    ("how much does the Python course cost?", "en", None, None),
    ("is there a cafeteria at the Lima campus", "en", None, None),
    ("do you offer a master's degree in business", "en", None, None),
    ("what is the weather in Lima tomorrow", "en", None, None),
    ("who is the director of Ruta Academy", "en", None, None),
    ("can I bring my dog to class", "en", None, None),
    ("does the Arequipa campus have a library", "en", None, None),
    ("is there a campus in Piura", "en", None, None),
    ("how much does the bus to the campus cost", "en", None, None),
    ("what is the capital of France", "en", None, None),
    ("can I get a student visa through Ruta", "en", None, None),
    ("do teachers give private lessons at home", "en", None, None),
    ("when was Ruta Academy founded", "en", None, None),
    (
        "I've been waiting all week to book a meeting with Marta about the budget, can you set "
        "it up for Thursday at 3pm?",
        "en",
        None,
        None,
    ),
    ("¿cuánto cuesta el bootcamp de data analytics?", "es", "fees-and-payment", "2,400"),
    ("¿Puedo pagar con Yape?", "es", "fees-and-payment", "Yape"),
    ("aceptan tarjeta de crédito?", "es", "fees-and-payment", "Visa"),
    ("cuanto cuesta el curso de excel intermedio", "es", "fees-and-payment", "220"),
    ("qué pasa si me atraso en el pago", "es", "fees-and-payment", "pago"),
    ("puedo pagar el bootcamp en cuotas?", "es", "fees-and-payment", "3 cuotas"),
    ("hay descuento para exalumnos", "es", "fees-and-payment", "15%"),
    ("a qué hora abre la sede de Arequipa los sábados", "es", "campuses-and-hours", "9:00"),
    ("dónde queda la sede de Cusco", "es", "campuses-and-hours", "Cusco"),
    ("hay estacionamiento en la sede de Lima?", "es", "campuses-and-hours", "estacionamiento"),
    ("cuál es la clave del wifi", "es", "campuses-and-hours", "Ruta-Aprende"),
    ("desde qué edad me puedo matricular", "es", "enrolment", "16"),
    ("el grupo está lleno, qué hago?", "es", "enrolment", "grupo"),
    ("cuánto cuesta cambiarme de grupo", "es", "enrolment", "30"),
    ("si anulo mi matrícula me devuelven la plata?", "es", "refunds", "100%"),
    ("en cuánto tiempo procesan un reembolso", "es", "refunds", "15 días hábiles"),
    ("qué nota necesito para el certificado", "es", "certificates", "13"),
    ("cuánto cuesta una copia impresa del certificado", "es", "certificates", "25"),
    ("los certificados vencen?", "es", "certificates", "no vencen"),
    ("cuál es la asistencia mínima", "es", "attendance", "80%"),
    ("qué pasa si llego tarde", "es", "attendance", "falta"),
    ("cómo justifico una falta", "es", "attendance", "72 horas"),
    ("quiénes pueden postular a la Beca Ruta", "es", "scholarships", "Beca"),
    ("cuántas becas hay por convocatoria", "es", "scholarships", "40"),
    ("cuánto dura una práctica", "es", "internships", "3 meses"),
    ("pagan a los practicantes?", "es", "internships", "práctica"),
    ("cuándo es la feria laboral", "es", "job-placement", "mayo"),
    ("me garantizan trabajo al terminar?", "es", "job-placement", "garantiza"),
    ("qué navegador necesito para las clases en vivo", "es", "online-platform", "Chrome"),
    ("la app funciona en iphone?", "es", "online-platform", "iOS"),
    ("olvidé mi contraseña", "es", "account-and-password", "Olvidaste"),
    ("cuántos intentos tengo antes de que se bloquee mi cuenta", "es", "account-and-password", "5"),
    ("cuál es el número de whatsapp", "es", "contact", "900 555 010"),
    ("dónde está el libro de reclamaciones", "es", "contact", "reclamaciones"),
    ("cuánto tiempo guardan mis datos personales", "es", "data-privacy", "5 años"),
    ("la sede de Lima tiene ascensor?", "es", "accessibility", "ascensores"),
    ("hay descuento por discapacidad?", "es", "accessibility", "CONADIS"),
    ("a qué hora es el turno noche en Lima", "es", "schedules-and-class-format", "19:00"),
    ("cuántos alumnos hay por salón", "es", "schedules-and-class-format", "25"),
    ("¿puedo pagar con PayPal?", "es", None, None),
    ("cuánto cuesta el curso de Python", "es", None, None),
    ("hay cafetería en la sede de Lima", "es", None, None),
    ("tienen maestrías", "es", None, None),
    ("cómo estará el clima mañana en Lima", "es", None, None),
    ("quién es el director de Ruta Academy", "es", None, None),
    ("puedo llevar a mi perro a clase", "es", None, None),
    ("la sede de Arequipa tiene biblioteca", "es", None, None),
    ("tienen sede en Piura?", "es", None, None),
    ("cuánto cuesta el pasaje de bus a la sede", "es", None, None),
    ("cuál es la capital de Francia", "es", None, None),
    ("en qué año se fundó Ruta Academy", "es", None, None),
    ("los profesores dan clases particulares a domicilio", "es", None, None),
    (
        "agenda una reunión con Lucía el jueves a las 4 para revisar la lista de espera de "
        "clientes",
        "es",
        None,
        None,
    ),
    # -- second pass: paraphrases and casual register (English)
    ("how much are we talking for the web dev bootcamp?", "en", "fees-and-payment", "2,600"),
    ("what will Marketing Digital set me back", "en", "fees-and-payment", "420"),
    ("do y'all take Plin", "en", "fees-and-payment", "Plin"),
    ("can I just pay in cash at the front desk", "en", "fees-and-payment", "Cash"),
    ("I paid a few days late, is there a penalty?", "en", "fees-and-payment", "20"),
    ("what if I haven't paid for over two weeks", "en", "fees-and-payment", "suspended"),
    ("are your prices with IGV or without", "en", "fees-and-payment", "IGV"),
    ("can my boleta be swapped for a factura later", "en", "fees-and-payment", "afterwards"),
    ("what time does reception shut", "en", "campuses-and-hours", "30 minutes"),
    ("whats the address of the arequipa branch", "en", "campuses-and-hours", "Mercaderes"),
    (
        "how do I get to the Lima campus by public transport",
        "en",
        "campuses-and-hours",
        "Metropolitano",
    ),
    ("are you guys open on sundays", "en", "campuses-and-hours", "Sundays"),
    ("do I have to book the computer lab", "en", "campuses-and-hours", "without booking"),
    (
        "can I ride my bike to the Lima campus, where do I leave it",
        "en",
        "campuses-and-hours",
        "bicycle rack",
    ),
    ("is there an age limit to sign up", "en", "enrolment", "16"),
    ("I'm 17, can I still register?", "en", "enrolment", "consent"),
    ("I'm Venezuelan and don't have a DNI, can I enrol?", "en", "enrolment", "passport"),
    ("do I need to have finished high school", "en", "enrolment", "secondary school"),
    ("how long does the placement test last", "en", "enrolment", "40 minutes"),
    ("I bombed the level test, can I take it again tomorrow?", "en", "enrolment", "30 days"),
    (
        "can I switch to another group of my course, does it cost anything",
        "en",
        "enrolment",
        "free",
    ),
    (
        "I'm dropping out after two weeks of class, do I get anything back?",
        "en",
        "refunds",
        "no refund",
    ),
    ("if I cancel 3 days before the start, how much is refunded", "en", "refunds", "50%"),
    ("I paid cash, how do I get my refund", "en", "refunds", "bank transfer"),
    ("what if Ruta itself cancels my course", "en", "refunds", "100% refund"),
    ("will my certificate still be valid in 10 years", "en", "certificates", "do not expire"),
    ("my name is misspelled on my certificate", "en", "certificates", "Name corrections"),
    (
        "how soon after the course do I get the certificate",
        "en",
        "certificates",
        "10 business days",
    ),
    (
        "can you courier the printed certificate to my house in Lima",
        "en",
        "certificates",
        "courier",
    ),
    ("is the Especialista en Excel certification valid forever", "en", "certificates", "3 years"),
    ("is the certificate a university degree", "en", "certificates", "not university degrees"),
    ("if I show up 40 min late does it count as absent", "en", "attendance", "full absence"),
    ("I was sick, how do I justify missing class", "en", "attendance", "72 hours"),
    ("is there a catch-up class if I miss one", "en", "attendance", "make-up"),
    ("what happens if I skip 5 classes in a row", "en", "attendance", "withdrawn"),
    ("how is attendance taken in online classes", "en", "attendance", "75%"),
    ("how much does the full Beca Ruta cover", "en", "scholarships", "100%"),
    ("I'm 35, can I apply for the Beca Ruta", "en", "scholarships", "18 to 29"),
    (
        "my household makes 3000 soles a month, do I qualify for a beca?",
        "en",
        "scholarships",
        "2,500",
    ),
    ("how long can the motivation letter be", "en", "scholarships", "300 words"),
    ("when do I hear back about my scholarship application", "en", "scholarships", "21 days"),
    ("can I lose my scholarship", "en", "scholarships", "85%"),
    ("how many hours a day is a full-time internship", "en", "internships", "8 hours"),
    ("how much do interns earn", "en", "internships", "1,130"),
    ("are there internships in hotels in Cusco", "en", "internships", "hotels"),
    ("can an internship be extended", "en", "internships", "6 months"),
    ("can I talk to a career advisor", "en", "job-placement", "career advisor"),
    ("will you look at my LinkedIn profile", "en", "job-placement", "LinkedIn"),
    ("what percentage of bootcamp grads get hired", "en", "job-placement", "68%"),
    ("how long can I use Ruta Empleo after I finish", "en", "job-placement", "12 months"),
    ("does Safari work for live classes", "en", "online-platform", "Safari"),
    ("how fast does my internet need to be", "en", "online-platform", "5 Mbps"),
    ("can I download videos to watch on the bus", "en", "online-platform", "10 videos"),
    ("why is the platform down on sunday night", "en", "online-platform", "maintenance"),
    ("how long do I keep access to the course materials", "en", "online-platform", "12 months"),
    ("do I need to install Zoom for live classes", "en", "online-platform", "no extra software"),
    ("I got locked out after too many tries", "en", "account-and-password", "15 minutes"),
    ("my reset link doesn't work anymore", "en", "account-and-password", "30 minutes"),
    ("can I change the email I log in with", "en", "account-and-password", "soporte"),
    ("can I share my account with my sister", "en", "account-and-password", "one account"),
    ("can I get login codes by SMS", "en", "account-and-password", "SMS"),
    ("is there a phone number I can call", "en", "contact", "555-0190"),
    ("until what time can I message you on whatsapp", "en", "contact", "20:00"),
    ("what's your instagram", "en", "contact", "@ruta.academy"),
    ("email of the Cusco campus", "en", "contact", "cusco@"),
    ("how long until you answer a complaint", "en", "contact", "15 business days"),
    ("do you keep my card number", "en", "data-privacy", "card numbers"),
    ("how do I get you to delete my data", "en", "data-privacy", "privacidad@"),
    ("how long do you keep my grades on file", "en", "data-privacy", "10 years"),
    ("can I get extra time in exams for dyslexia", "en", "accessibility", "25%"),
    ("do the videos have subtitles", "en", "accessibility", "subtitles"),
    ("does Ruta Campus work with a screen reader", "en", "accessibility", "screen readers"),
    ("what time do morning classes start", "en", "schedules-and-class-format", "9:00"),
    ("when do new groups start in Trujillo", "en", "schedules-and-class-format", "February"),
    ("how many hours is a bootcamp in total", "en", "schedules-and-class-format", "240 hours"),
    ("are there classes on saturdays", "en", "schedules-and-class-format", "Saturday cohorts"),
    # -- second pass: near misses the knowledge base does not answer (English)
    ("is there a gym at the Cusco campus?", "en", None, None),
    ("how many computers does the Trujillo lab have?", "en", None, None),
    ("who runs the Arequipa campus?", "en", None, None),
    ("can I eat in the classroom?", "en", None, None),
    ("do you have a campus in Chiclayo?", "en", None, None),
    ("what's the price of the cybersecurity bootcamp?", "en", None, None),
    ("can I pay with bitcoin?", "en", None, None),
    ("do interns get paid vacation days?", "en", None, None),
    ("what salary will I earn after the bootcamp?", "en", None, None),
    ("does Ruta offer student housing?", "en", None, None),
    ("how many people graduated in 2022?", "en", None, None),
    ("is parking free at the Arequipa campus?", "en", None, None),
    ("do I need to wear a uniform in the lab?", "en", None, None),
    ("how many questions are on the placement test?", "en", None, None),
    ("can I bring a friend to the job fair?", "en", None, None),
    ("is there a Ruta Campus app for smart TVs?", "en", None, None),
    ("do tutors have office hours?", "en", None, None),
    ("is there a printer learners can use at the Lima campus?", "en", None, None),
    ("what's the fine for returning a library book late?", "en", None, None),
    ("is there a night bus from the Lima campus?", "en", None, None),
    # -- segunda pasada: paráfrasis y registro coloquial (español)
    ("cuánto me sale el bootcamp de desarrollo web", "es", "fees-and-payment", "2,600"),
    ("aceptan plin?", "es", "fees-and-payment", "Plin"),
    ("puedo pagar en efectivo?", "es", "fees-and-payment", "Efectivo"),
    ("me dan boleta?", "es", "fees-and-payment", "boleta"),
    ("cuánto es la mora si pago tarde", "es", "fees-and-payment", "20"),
    ("a qué hora cierra la sede de Trujillo", "es", "campuses-and-hours", "20:00"),
    (
        "cómo llego a la sede de Lima en transporte público",
        "es",
        "campuses-and-hours",
        "Ricardo Palma",
    ),
    ("atienden los domingos?", "es", "campuses-and-hours", "domingos"),
    ("tengo 15 años, me puedo inscribir?", "es", "enrolment", "16"),
    ("soy extranjero, qué documento necesito para matricularme", "es", "enrolment", "pasaporte"),
    ("cuánto dura el examen de nivel", "es", "enrolment", "40 minutos"),
    ("hasta cuándo me puedo cambiar de grupo gratis", "es", "enrolment", "3 días"),
    (
        "si me retiro después de la primera semana me devuelven algo?",
        "es",
        "refunds",
        "no hay reembolso",
    ),
    ("qué pasa si Ruta cancela el curso", "es", "refunds", "100%"),
    ("puedo congelar el curso por un tema familiar", "es", "refunds", "6 meses"),
    ("mi nombre salió mal escrito en el certificado", "es", "certificates", "corrección"),
    ("en cuántos días me mandan el certificado", "es", "certificates", "10 días hábiles"),
    ("el certificado es un título universitario?", "es", "certificates", "universitarios"),
    ("llegar media hora tarde cuenta como falta?", "es", "attendance", "falta"),
    ("estuve enfermo y no fui a clase, qué hago", "es", "attendance", "72 horas"),
    ("hay clases de recuperación", "es", "attendance", "recuperación"),
    ("qué edad hay que tener para la beca ruta", "es", "scholarships", "18 y 29"),
    ("cuánto cubre la media beca", "es", "scholarships", "50%"),
    ("cuándo abren las convocatorias de becas", "es", "scholarships", "enero"),
    ("la beca mujeres en tecnología cuánto cubre", "es", "scholarships", "70%"),
    ("cuánto le pagan a un practicante a tiempo completo", "es", "internships", "1,130"),
    ("cuántas horas diarias son las prácticas", "es", "internships", "horas diarias"),
    ("me ayudan a mejorar mi cv?", "es", "job-placement", "CV"),
    ("qué porcentaje de egresados consigue chamba", "es", "job-placement", "68%"),
    ("funciona con safari?", "es", "online-platform", "Safari"),
    ("qué velocidad de internet necesito", "es", "online-platform", "5 Mbps"),
    ("puedo bajar los videos al celular", "es", "online-platform", "10 videos"),
    ("cuánto tiempo tengo acceso a los materiales", "es", "online-platform", "12 meses"),
    ("se bloqueó mi cuenta", "es", "account-and-password", "15 minutos"),
    ("puedo cambiar el correo de mi cuenta", "es", "account-and-password", "soporte@"),
    ("cuál es el instagram de ruta", "es", "contact", "@ruta.academy"),
    ("correo de la sede de cusco", "es", "contact", "cusco@"),
    ("guardan el número de mi tarjeta?", "es", "data-privacy", "tarjeta"),
    ("cómo pido que borren mis datos", "es", "data-privacy", "privacidad@"),
    ("los videos tienen subtítulos?", "es", "accessibility", "subtítulos"),
    ("me dan más tiempo en los exámenes por mi discapacidad", "es", "accessibility", "25%"),
    ("a qué hora son las clases de la tarde", "es", "schedules-and-class-format", "14:00"),
    ("cuándo empiezan los grupos en Cusco", "es", "schedules-and-class-format", "febrero"),
    ("las clases son en inglés?", "es", "schedules-and-class-format", "español"),
    # -- segunda pasada: preguntas cercanas que la base no responde (español)
    ("¿hay gimnasio en la sede de Cusco?", "es", None, None),
    ("¿cuántas computadoras tiene el laboratorio de Trujillo?", "es", None, None),
    ("¿quién dirige la sede de Arequipa?", "es", None, None),
    ("¿se puede comer en el salón?", "es", None, None),
    ("¿tienen sede en Chiclayo?", "es", None, None),
    ("¿cuánto cuesta el bootcamp de ciberseguridad?", "es", None, None),
    ("¿puedo pagar con bitcoin?", "es", None, None),
    ("¿los practicantes tienen vacaciones pagadas?", "es", None, None),
    ("¿cuánto voy a ganar después del bootcamp?", "es", None, None),
    ("¿ofrecen alojamiento para alumnos de provincia?", "es", None, None),
    ("¿el estacionamiento de la sede de Arequipa es gratis?", "es", None, None),
    ("¿hay que usar uniforme en el laboratorio?", "es", None, None),
    ("¿cuántas preguntas tiene el examen de nivel?", "es", None, None),
    ("¿puedo llevar a un amigo a la feria laboral?", "es", None, None),
    ("¿hay impresora para los alumnos en la sede de Lima?", "es", None, None),
    ("¿los tutores tienen horario de atención?", "es", None, None),
    # -- second pass: typos (English and Spanish)
    ("whats the pasword for the wifii", "en", "campuses-and-hours", "Ruta-Aprende"),
    ("how much do u pay interns, the intership allowance", "en", "internships", "1,130"),
    ("when is the deadline for the schollarship aplications", "en", "scholarships", "January"),
    ("cuanto cuesta el certifcado impreso", "es", "certificates", "25"),
    ("a que ora abre la sede de lima", "es", "campuses-and-hours", "8:00"),
    # -- second pass, written after the rules above as a check on them (then kept)
    ("yo how much is the SQL course", "en", "fees-and-payment", "260"),
    ("is Excel Intermedio pricey?", "en", "fees-and-payment", "220"),
    (
        "could I pay the bootcamp bit by bit instead of all at once",
        "en",
        "fees-and-payment",
        "3 monthly",
    ),
    (
        "my card got declined, can I transfer from my bank instead",
        "en",
        "fees-and-payment",
        "transfer",
    ),
    ("where do I send the transfer voucher", "en", "fees-and-payment", "pagos@"),
    ("do alumni get any discount on another course", "en", "fees-and-payment", "15%"),
    ("can my coworkers and I get a group deal", "en", "fees-and-payment", "20%"),
    (
        "I'm a bit behind on my payment, how many days of grace do I get",
        "en",
        "fees-and-payment",
        "5 calendar days",
    ),
    ("what are the Cusco campus opening times", "en", "campuses-and-hours", "8:30"),
    (
        "which metro station is closest to the Lima office",
        "en",
        "campuses-and-hours",
        "Ricardo Palma",
    ),
    ("is the campus closed on public holidays", "en", "campuses-and-hours", "holidays"),
    ("is the lab free for students to use", "en", "campuses-and-hours", "free"),
    ("what ID do foreigners need to sign up", "en", "enrolment", "passport"),
    (
        "my 16 year old wants to join, does a parent need to sign something",
        "en",
        "enrolment",
        "consent",
    ),
    ("how long before the start does registration close", "en", "enrolment", "7 days"),
    ("do I get a confirmation after enrolling", "en", "enrolment", "confirmation"),
    ("I got a seat from the waitlist, how long to confirm", "en", "enrolment", "48 hours"),
    ("if I quit a week before the course, do I get the full amount back", "en", "refunds", "100%"),
    ("my mom is ill, can I put my course on hold", "en", "refunds", "6 months"),
    ("are scholarship amounts refundable", "en", "refunds", "not refundable"),
    ("is there a badge for the free courses", "en", "certificates", "badge"),
    ("does the certificate show my grade", "en", "certificates", "final grade"),
    ("how much to renew the Manipulación de Alimentos certification", "en", "certificates", "60"),
    ("does being 20 minutes late count against me", "en", "attendance", "half an absence"),
    ("how do I tell my tutor I'll be away next week", "en", "attendance", "tutor"),
    ("do scholarship holders need more attendance", "en", "attendance", "85%"),
    ("how many full scholarships are there", "en", "scholarships", "40"),
    ("what documents do I need for the scholarship", "en", "scholarships", "declaración jurada"),
    ("is the women in tech scholarship open now", "en", "scholarships", "all year"),
    ("I already had a Beca Ruta, can I get it again", "en", "scholarships", "only once"),
    ("who signs the internship agreement", "en", "internships", "convenio"),
    ("what attendance do I need for an internship", "en", "internships", "85%"),
    ("how many partner companies post jobs", "en", "job-placement", "120"),
    ("can I practice job interviews with you", "en", "job-placement", "interviews"),
    ("how much RAM does my computer need", "en", "online-platform", "4 GB"),
    ("which android version does the app need", "en", "online-platform", "Android 9"),
    ("do I need a webcam", "en", "online-platform", "Webcam"),
    ("what are the password rules", "en", "account-and-password", "10 characters"),
    (
        "what happens if I type my password wrong too many times",
        "en",
        "account-and-password",
        "locked",
    ),
    ("how do I reach the press team", "en", "contact", "prensa@"),
    ("what are your phone hours", "en", "contact", "9:00"),
    ("what data do you collect about me", "en", "data-privacy", "DNI"),
    ("how do I stop your newsletters", "en", "data-privacy", "unsubscribe"),
    ("is the Arequipa campus accessible for wheelchairs", "en", "accessibility", "wheelchair"),
    ("what time is the evening class in Cusco", "en", "schedules-and-class-format", "17:00"),
    ("how long are short courses", "en", "schedules-and-class-format", "20 to 40 hours"),
    ("oye cuánto está el curso de marketing digital", "es", "fees-and-payment", "420"),
    ("se puede pagar con tarjeta de débito", "es", "fees-and-payment", "débito"),
    ("a qué correo mando el voucher de la transferencia", "es", "fees-and-payment", "pagos@"),
    ("si pago un mes antes me hacen descuento?", "es", "fees-and-payment", "10%"),
    ("cuál es el horario del sábado en Cusco", "es", "campuses-and-hours", "13:00"),
    ("hasta qué hora puedo pagar en efectivo en recepción", "es", "fees-and-payment", "30 minutos"),
    ("mi hijo tiene 17, necesita permiso de los papás?", "es", "enrolment", "18"),
    ("cuántos cursos puedo llevar a la vez", "es", "enrolment", "2 cursos"),
    (
        "cuánto tiempo tengo para confirmar la vacante de la lista de espera",
        "es",
        "enrolment",
        "48 horas",
    ),
    ("si Ruta anula el curso me devuelven la matrícula?", "es", "refunds", "100%"),
    ("cómo pido mi reembolso", "es", "refunds", "Solicitar reembolso"),
    ("cómo verifica una empresa mi certificado", "es", "certificates", "verificación"),
    ("cuánto cuesta que me lleven el certificado a mi casa", "es", "certificates", "15"),
    ("llegar 20 minutos tarde es media falta?", "es", "attendance", "media falta"),
    ("las becarias deben tener más asistencia?", "es", "attendance", "85%"),
    ("qué documentos piden para la beca", "es", "scholarships", "declaración jurada"),
    ("hasta cuántas palabras es la carta de motivación", "es", "scholarships", "300"),
    ("hay prácticas en hoteles en Cusco?", "es", "internships", "hoteles"),
    ("cuánto duran las prácticas como máximo", "es", "internships", "6 meses"),
    ("hacen simulacros de entrevista?", "es", "job-placement", "entrevistas"),
    ("cuántas asesorías de carrera me dan", "es", "job-placement", "4"),
    ("cuánta RAM necesita mi computadora", "es", "online-platform", "4 GB"),
    ("necesito cámara web para las clases", "es", "online-platform", "Cámara"),
    ("cuánto pesa como máximo un archivo de tarea", "es", "online-platform", "50 MB"),
    ("cuántas veces puedo equivocarme de contraseña", "es", "account-and-password", "5"),
    ("cuál es el correo de prensa", "es", "contact", "prensa@"),
    ("qué datos míos guardan", "es", "data-privacy", "DNI"),
    ("cómo dejo de recibir correos publicitarios", "es", "data-privacy", "baja"),
    ("la sede de Trujillo es accesible?", "es", "accessibility", "Trujillo"),
    ("cuánto dura un curso corto", "es", "schedules-and-class-format", "20 a 40 horas"),
    # -- third pass: longer English messages with context, written as a check (then kept)
    (
        "hey, I work during the day and can only study at night, what time do the evening "
        "classes in Lima run?",
        "en",
        "schedules-and-class-format",
        "19:00",
    ),
    (
        "my company wants to send five of us to the same course, is there some kind of deal?",
        "en",
        "fees-and-payment",
        "20%",
    ),
    (
        "I moved to Arequipa recently, when does the next batch of courses start there?",
        "en",
        "schedules-and-class-format",
        "February",
    ),
    (
        "honestly I can't afford the whole bootcamp up front, any way to spread it out?",
        "en",
        "fees-and-payment",
        "3 monthly",
    ),
    ("I lost my login and can't get into the platform", "en", "account-and-password", "Olvidaste"),
    ("someone else is using my account, what happens", "en", "account-and-password", "suspended"),
    (
        "the course got cancelled by you guys, do I get everything back including the 50 soles?",
        "en",
        "refunds",
        "100%",
    ),
    (
        "what's the deal with certificates, are they printed or digital?",
        "en",
        "certificates",
        "digital",
    ),
    (
        "if an employer doubts my certificate is real, how can they check it?",
        "en",
        "certificates",
        "verificar",
    ),
    (
        "do you have a real office in Cusco and where exactly is it?",
        "en",
        "campuses-and-hours",
        "El Sol",
    ),
    (
        "my internet is slow, will I still be able to follow live sessions?",
        "en",
        "online-platform",
        "5 Mbps",
    ),
    ("I use an old Android phone, will the app run on it?", "en", "online-platform", "Android 9"),
    ("I missed three classes in a row, am I in trouble?", "en", "attendance", "tutor"),
    (
        "does watching the recording count if I missed a live class for a good reason?",
        "en",
        "attendance",
        "recording",
    ),
    (
        "I'm hearing impaired, can you provide someone who signs during class?",
        "en",
        "accessibility",
        "LSP",
    ),
    (
        "the lab in Cusco is upstairs and I use a wheelchair, what can you do?",
        "en",
        "accessibility",
        "first floor",
    ),
    (
        "I'm 24 and my family earns very little, could I get my tuition covered?",
        "en",
        "scholarships",
        "100%",
    ),
    ("when will I know if I got the scholarship?", "en", "scholarships", "21 days"),
    ("what happens to my scholarship if my attendance drops?", "en", "scholarships", "85%"),
    (
        "is an internship guaranteed after the bootcamp and how long does it last?",
        "en",
        "internships",
        "3 months",
    ),
    ("can I do an internship part time while I study?", "en", "internships", "4 to 6 hours"),
    ("who decides if my CV gets shared with companies?", "en", "job-placement", "Compartir mi CV"),
    ("when and where is the next job fair?", "en", "job-placement", "May"),
    ("I want my personal data corrected, who do I write to?", "en", "data-privacy", "privacidad@"),
    ("how long do you hold on to class recordings?", "en", "data-privacy", "30 days"),
    ("I have a complaint about a tutor, where can I file it?", "en", "contact", "Reclamaciones"),
    ("what's the best way to reach someone on a Saturday?", "en", "contact", "WhatsApp"),
    ("I need to talk to technical support about the platform", "en", "contact", "soporte@"),
    (
        "are classes capped or can 100 people join a live session?",
        "en",
        "schedules-and-class-format",
        "40",
    ),
    ("do bootcamps run on weekends too?", "en", "schedules-and-class-format", "Monday to Friday"),
    ("I want to change to a different start date, is that free?", "en", "enrolment", "free"),
    ("how early do I need to sign up before a course starts?", "en", "enrolment", "7 days"),
    (
        "do I have to take an entrance test for the web bootcamp?",
        "en",
        "enrolment",
        "placement test",
    ),
    ("I paid by Yape, when do I get my receipt?", "en", "fees-and-payment", "48 hours"),
    ("how much is the English for tourism course per level?", "en", "fees-and-payment", "380"),
    (
        "my refund request was sent two weeks ago, how long does it normally take?",
        "en",
        "refunds",
        "15 business days",
    ),
    (
        "the password reset email never arrived, how long is the link good for?",
        "en",
        "account-and-password",
        "30 minutes",
    ),
    (
        "is the platform offline for maintenance at some point during the week?",
        "en",
        "online-platform",
        "Sunday",
    ),
    (
        "can I print my certificate at the campus or send it to my home?",
        "en",
        "certificates",
        "courier",
    ),
    ("is the certificate accepted by the Ministry of Education?", "en", "certificates", "MINEDU"),
    # -- fourth pass (issue 16): written as a check on the synonyms and rules added for it, before
    # measuring them; 21 of 27 right when written (kept, failures included)
    (
        "do you support two-factor authentication on my account",
        "en",
        "account-and-password",
        "Mi perfil",
    ),
    (
        "can I reserve a computer in the lab for Saturday",
        "en",
        "campuses-and-hours",
        "without booking",
    ),
    ("who handles requests from reporters", "en", "contact", "prensa@"),
    ("how long is my personal information retained", "en", "data-privacy", "5 years"),
    ("I got 11 out of 20, do I still get my certificate?", "en", "certificates", "13"),
    ("how many seats are there in an online class", "en", "schedules-and-class-format", "40"),
    ("what happens if Ruta calls off the course", "en", "refunds", "100%"),
    ("is there a recruitment event for graduates", "en", "job-placement", "Feria"),
    ("can I upload a 30 megabyte file", "en", "online-platform", "50 MB"),
    ("how do I stop the promotional emails", "en", "data-privacy", "unsubscribe"),
    ("is the Trujillo campus open on Thursday evenings", "en", "campuses-and-hours", "20:00"),
    ("what's the minimum age to enrol", "en", "enrolment", "16"),
    ("who is responsible for data protection at Ruta", "en", "data-privacy", "Carmen"),
    ("how many days do I have to grab a spot from the waiting list", "en", "enrolment", "48 hours"),
    ("how much of a live session must I attend to be counted", "en", "attendance", "75%"),
    ("can I pay the marketing course in two parts", "en", "fees-and-payment", "2 instalments"),
    ("what's the wifi speed at the Cusco campus", "en", None, None),
    ("is there a locker room at the Lima campus", "en", None, None),
    ("what's the parking fee at the Cusco campus", "en", None, None),
    ("¿tienen número de wsp?", "es", "contact", "900 555 010"),
    ("¿hay clases nocturnas en Arequipa?", "es", "schedules-and-class-format", "17:00"),
    ("¿cuál es la inversión del curso de Excel Intermedio?", "es", "fees-and-payment", "220"),
    ("¿quién es el responsable de mis datos personales?", "es", "data-privacy", "Carmen"),
    ("¿la sede de Cusco atiende los miércoles?", "es", "campuses-and-hours", "8:30"),
    ("saqué 12 sobre 20, ¿me dan certificado?", "es", "certificates", "13"),
    ("¿cuánto cuesta el curso de fotografía digital?", "es", None, None),
    ("¿cuál es el código de vestimenta?", "es", None, None),
]


# Harder near misses, written after the rules were set and never tuned on: most of their words are
# in the knowledge base, only the point asked about is not ("the Mujeres en Tecnología
# scholarship's maximum age", "is the internship allowance taxed?"). Reported, with a floor.
HARD_NEAR_MISSES: list[tuple[str, str]] = [
    ("can I pay the bootcamp with a cheque?", "en"),
    ("how much does the Excel Avanzado course cost?", "en"),
    ("what's the maximum age for the Mujeres en Tecnología scholarship?", "en"),
    ("do you give laptops to bootcamp students?", "en"),
    ("can I transfer my enrolment to a friend?", "en"),
    ("is there a student card discount for public transport?", "en"),
    ("does the Lima campus have a cafeteria or vending machines?", "en"),
    ("can I retake the final exam if I fail?", "en"),
    ("how long is the lunch break in the full-time bootcamp?", "en"),
    ("is the internship allowance taxed?", "en"),
    ("can my internship be abroad?", "en"),
    ("what GPA do I need for the Beca Ruta?", "en"),
    ("does Ruta Campus have a dark mode?", "en"),
    ("how many times can I reschedule a mock interview?", "en"),
    ("do you offer English courses for kids?", "en"),
    ("who teaches the Power BI course?", "en"),
    ("¿puedo pagar con cheque?", "es"),
    ("¿cuánto cuesta el curso de Excel Avanzado?", "es"),
    ("¿regalan laptops a los alumnos del bootcamp?", "es"),
    ("¿puedo pasarle mi matrícula a un amigo?", "es"),
    ("¿hay descuento en el pasaje con el carné de estudiante?", "es"),
    ("¿la sede de Lima tiene cafetería o máquinas expendedoras?", "es"),
    ("¿puedo dar de nuevo el examen final si jalo?", "es"),
    ("¿cuánto dura el refrigerio en el bootcamp?", "es"),
    ("¿la subvención de prácticas paga impuestos?", "es"),
    ("¿hay prácticas en el extranjero?", "es"),
    ("¿Ruta Campus tiene modo oscuro?", "es"),
    ("¿quién dicta el curso de Power BI?", "es"),
    ("¿tienen cursos de inglés para niños?", "es"),
    ("¿cuál es la edad máxima para la beca Mujeres en Tecnología?", "es"),
    ("¿qué promedio necesito para la Beca Ruta?", "es"),
]


def _stem(source: str | None) -> str | None:
    return Path(source).stem if source else None


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    from app.skills.knowledge import KnowledgeBase

    return KnowledgeBase(ROOT / "data" / "knowledge")


@pytest.fixture(scope="module")
def skill(kb):  # type: ignore[no-untyped-def]
    from app.settings import AppSettings
    from app.skills.knowledge import Knowledge

    return Knowledge(kb, AppSettings.model_fields["faq_min_score"].default)


@pytest.fixture(scope="module")
def questions(data_dir: Path) -> list[dict[str, Any]]:
    path = data_dir / "knowledge-eval" / "questions.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# -- the knowledge base in two languages -------------------------------------------------------
def test_every_file_is_indexed_in_both_languages(kb) -> None:  # type: ignore[no-untyped-def]
    folder = ROOT / "data" / "knowledge"
    english = {p.name for p in folder.glob("*.md")}
    spanish = {p.name for p in (folder / "es").glob("*.md")}
    assert english == spanish  # a document's identity is its stem, the same in both
    assert {p.source for p in kb.passages} == english
    assert {p.source for p in kb.indexes["es"].passages} == spanish
    assert kb.languages == ["en", "es"]


def test_the_translations_keep_the_structure_line_for_line(kb) -> None:  # type: ignore[no-untyped-def]
    """Same sections and lines in the same order, and the same figures on each line: an answer
    found in one language is quoted from the same line in the other."""
    import re

    en, es = kb.indexes["en"].passages, kb.indexes["es"].passages
    assert [(p.doc, len(p.lines)) for p in en] == [(p.doc, len(p.lines)) for p in es]
    for p, q in zip(en, es, strict=True):
        for a, b in zip(p.lines, q.lines, strict=True):
            figures = re.compile(r"\d+(?:[.,:]\d+)*|S/|@[\w.-]+")
            assert sorted(figures.findall(a)) == sorted(figures.findall(b)), (p.doc, a, b)


# -- retrieval and the quoted line --------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "lang", "doc", "token"),
    [
        ("how much does the data analytics bootcamp cost?", "en", "fees-and-payment", "2,400"),
        ("Can I pay with Yape?", "en", "fees-and-payment", "Yape and Plin"),
        ("¿cuánto cuesta el bootcamp de data analytics?", "es", "fees-and-payment", "2,400"),
        ("¿Puedo pagar con Yape?", "es", "fees-and-payment", "Yape y Plin"),
        ("cuanto cuesta la copia impresa del certificado", "es", "certificates", "S/ 25"),
    ],
)
def test_price_and_payment_questions_quote_the_line_with_the_fact(
    skill, question: str, lang: str, doc: str, token: str
) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(question, lang)
    assert data["found"] is True
    assert data["doc"] == doc
    assert data["source"] == f"{doc}.md"
    assert token in str(data["sentence"])
    assert f"“{data['sentence']}”" in text
    assert f"{doc}.md" in text
    assert data["lang"] == lang


def test_the_message_language_is_searched_first_then_the_other(skill) -> None:  # type: ignore[no-untyped-def]
    # Spanish words in an English conversation: found in the Spanish base, quoted in English
    text, data = skill.answer("¿dónde queda la sede de Trujillo?", "en")
    assert data["found"] is True
    assert data["lang"] == "en"
    assert "Address: Jr. Pizarro 540" in str(data["sentence"])
    # and the other way round
    text, data = skill.answer("what is the address of the Trujillo campus?", "es")
    assert data["found"] is True
    assert data["lang"] == "es"
    assert "Dirección" in str(data["sentence"])
    assert "Según" in text


@pytest.mark.parametrize(
    ("question", "lang", "words"),
    [
        ("who won the 1954 football world cup final", "en", "don't know"),
        ("how do I bake sourdough bread", "en", "don't know"),
        ("", "en", "don't know"),
        ("???", "en", "don't know"),
        ("¿quién ganó la final del mundial de 1954?", "es", "No lo sé"),
        ("¿cómo preparo un ceviche?", "es", "No lo sé"),
    ],
)
def test_unrelated_questions_are_not_answered(skill, question: str, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(question, lang)
    assert data["found"] is False
    assert words in text
    assert "ayuda@ruta-academy.example" in text  # where to ask instead


def test_the_reading_rules(kb) -> None:  # type: ignore[no-untyped-def]
    """Number words read as digits (not "one": a pronoun as often), a grade on the 0-20 scale asks
    about grades, "what's the X" / "cuál es el X" ask about X, and a casual capitalised word is no
    name."""
    en, es = kb.indexes["en"], kb.indexes["es"]
    assert "2" in en.tokens("two payments")
    assert "3" in es.tokens("tres cuotas")
    assert "1" not in en.tokens("the one tied to my login")
    assert kb.search("I got 11 out of 20, do I get a certificate?", 1, "en")[0].passage.doc == (
        "certificates"
    )
    assert kb.search("saqué 12/20, ¿me dan certificado?", 1, "es")[0].passage.doc == "certificates"
    assert en.unknown_asked("What's the dress code for classes?")
    assert es.unknown_asked("¿cuál es el código de vestimenta?")
    assert not en.unknown_asked("what's the wifi password")
    assert en.names("is the Trujillo campus OK for a wheelchair") == set(en.tokens("Trujillo"))


def test_dev_questions_calibrate_the_abstention(skill) -> None:  # type: ignore[no-untyped-def]
    """The thresholds were set on these questions: most are answered from the right file and
    line, the unanswerable ones are (almost) never answered."""
    table: dict[str, dict[str, int]] = {}
    for question, lang, doc, token in DEV:
        row = table.setdefault(lang, {"n": 0, "right": 0, "line": 0, "unans": 0, "abstained": 0})
        hit = skill.best(question, lang)
        if doc is None:
            row["unans"] += 1
            row["abstained"] += hit is None
            continue
        row["n"] += 1
        right = hit is not None and hit.passage.doc == doc
        row["right"] += right
        row["line"] += right and str(token).casefold() in hit.sentence.casefold()
    print()
    for lang, row in table.items():
        print(
            f"dev {lang}: answered from the right file {row['right']}/{row['n']}, quoted line "
            f"{row['line']}/{row['n']}, abstained {row['abstained']}/{row['unans']} unanswerable"
        )
        assert row["right"] >= 0.85 * row["n"]
        assert row["line"] >= 0.75 * row["n"]
        assert row["abstained"] >= 0.9 * row["unans"]


def test_hard_near_misses_are_mostly_not_answered(skill) -> None:  # type: ignore[no-untyped-def]
    """Measured when the list was written: 20 of 31 abstained (0.65); a regression fails."""
    answered = [(q, lang) for q, lang in HARD_NEAR_MISSES if skill.best(q, lang) is not None]
    print(f"\nhard near misses answered: {len(answered)}/{len(HARD_NEAR_MISSES)}: {answered}")
    assert len(HARD_NEAR_MISSES) - len(answered) >= 0.6 * len(HARD_NEAR_MISSES)


def test_retrieval_hit_rate(kb, questions: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    from app.settings import AppSettings
    from app.skills.knowledge import Knowledge

    skill = Knowledge(kb, AppSettings.model_fields["faq_min_score"].default)
    answerable = [q for q in questions if q.get("source")]
    top1 = top3 = answered = 0
    for q in answerable:
        lang = q.get("lang", "en")
        sources = [h.passage.doc for h in kb.search(q["question"], k=3, lang=lang)]
        top1 += bool(sources) and sources[0] == _stem(q["source"])
        top3 += _stem(q["source"]) in sources
        hit = skill.best(q["question"], lang)
        answered += hit is not None and hit.passage.doc == _stem(q["source"])
    n = len(answerable)
    print(f"\nknowledge retrieval: top-1 {top1}/{n}, top-3 {top3}/{n}, answered {answered}/{n}")
    assert n >= 30
    assert top1 / n >= 0.8
    assert top3 / n >= 0.9
    assert answered / n >= 0.75


# -- the knowledge rescue ----------------------------------------------------------------------
def _assistant(kb):  # type: ignore[no-untyped-def]
    from app.assistant import Assistant
    from app.settings import AppSettings

    settings = AppSettings()
    return Assistant(
        kb,
        settings.faq_min_score,
        cache=None,
        rescue_score=settings.faq_rescue_score,
        rescue_max_confidence=settings.faq_rescue_max_confidence,
    )


def _turn(text: str, intent: str, confidence: float, top: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    from app.skills.base import Turn

    return Turn(text, intent, confidence, top, None, None, None, None, lang=lang)  # type: ignore[arg-type]


WAITING = (
    "I've been waiting all week to finally sit down with Marta, could you set up a meeting with "
    "her on Thursday at 3pm so we can go over the budget before the waiting list closes?"
)


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "top", "lang", "rescued"),
    [
        # a confident in-scope label is never overridden, however well the text matches
        ("Can I pay with Yape?", "schedule_meeting", 0.99, "schedule_meeting", "en", False),
        ("how much does the bootcamp cost?", "todo_add", 0.6, "todo_add", "en", False),
        # a long in-scope request that mentions "waiting" is not the waiting-list passage
        (WAITING, "oos", 0.55, "schedule_meeting", "en", False),
        (WAITING, "oos", 0.55, "oos", "en", False),
        (WAITING, "oos", 0.55, "faq", "en", False),
        (
            "anota en mi agenda una reunión con Lucía el jueves a las 4, estoy esperando su "
            "respuesta sobre la lista de espera del proveedor",
            "oos",
            0.5,
            "schedule_meeting",
            "es",
            False,
        ),
        # an unsure out-of-scope label over a question the knowledge base answers
        ("Can I pay with Yape?", "oos", 0.6, "faq", "en", True),
        ("¿Puedo pagar con Yape?", "oos", 0.6, "faq", "es", True),
        ("what is the password of the wi-fi network on campus?", "oos", 0.7, "oos", "en", True),
        # ... but a sure one is final unless the message is word for word the line's (two words
        # or more: tests/app/test_knowledge_questions_dev.py), and an unanswerable question stays
        # refused
        ("what is the password of the wi-fi network on campus?", "oos", 0.995, "oos", "en", True),
        (
            "could you tell me the password of the wi-fi network on campus these days?",
            "oos",
            0.995,
            "oos",
            "en",
            False,
        ),
        ("can I pay with PayPal?", "oos", 0.6, "faq", "en", False),
        ("what is the capital of France?", "oos", 0.6, "oos", "en", False),
    ],
)
def test_the_rescue_rule(
    kb, text: str, intent: str, confidence: float, top: str, lang: str, rescued: bool
) -> None:  # type: ignore[no-untyped-def]
    assert _assistant(kb)._rescue(_turn(text, intent, confidence, top, lang)) is rescued


def test_a_confident_in_scope_intent_is_never_rescued(kb, questions) -> None:  # type: ignore[no-untyped-def]
    """However well a message matches the knowledge base (every evaluation and development
    question the base answers), a confident in-scope label keeps it: the rescue only ever
    reconsiders an out-of-scope label, and a sure one (at or above the maximum confidence) is
    final unless the model's own runner-up was ``faq`` or the message is word for word the line
    that answers it (``Knowledge.whole``, two words or more)."""
    from app.settings import AppSettings

    assistant = _assistant(kb)
    sure = AppSettings().faq_rescue_max_confidence
    texts = [(q["question"], q.get("lang", "en")) for q in questions if q.get("source")]
    texts += [(q, lang) for q, lang, doc, _ in DEV if doc is not None]
    assert len(texts) > 500
    for text, lang in texts:
        for intent in ("schedule_meeting", "reminder", "todo_list", "learning_path", "greeting"):
            assert not assistant._rescue(_turn(text, intent, 0.9, intent, lang)), (text, intent)
        word_for_word = assistant.knowledge.whole(text, lang, 2) is not None
        assert assistant._rescue(_turn(text, "oos", sure, "oos", lang)) is word_for_word, text


def _routed_to_knowledge(assistant, model, text: str, lang: str) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    """Route one message through the assistant's real rules (this path touches no database)."""
    p = model.predict(text)
    if p.intent not in {"faq", "oos"}:
        return False, ""
    turn = _turn(text, p.intent, p.confidence, p.top_intent, lang)
    if p.intent == "oos" and not assistant._rescue(turn):
        return False, ""
    hit = assistant.knowledge.best(text, lang)
    return hit is not None, hit.passage.doc if hit is not None else ""


def _out_of_scope(data_dir: Path) -> list[tuple[str, str]]:
    return [
        (row["text"], row.get("lang", "en"))
        for split in ("val", "test")
        for line in (data_dir / "intents" / f"{split}.jsonl").read_text().splitlines()
        for row in [json.loads(line)]
        if row["intent"] == "oos"
    ]


def test_out_of_scope_messages_are_almost_never_answered(kb, trained, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Genuinely out-of-scope messages (val and test) are (almost) never answered from a passage,
    through the assistant's real routing: the model's label, then the knowledge rescue."""
    model, assistant = trained[0], _assistant(kb)
    oos = _out_of_scope(data_dir)
    wrongly = [text for text, lang in oos if _routed_to_knowledge(assistant, model, text, lang)[0]]
    print(f"\n{len(wrongly)}/{len(oos)} out-of-scope messages answered: {wrongly}")
    assert len(wrongly) <= 0.02 * len(oos)


def test_knowledge_questions_reach_the_knowledge_base(kb, questions, trained) -> None:  # type: ignore[no-untyped-def]
    """Knowledge questions the model calls out-of-scope are still answered from the right file.
    The figure depends on the intent model as much as on retrieval: below the goal (0.8 of the
    answerable questions) the test reports an expected failure with the measured figure."""
    model, assistant = trained[0], _assistant(kb)
    answerable = [q for q in questions if q.get("source")]
    right = sum(
        answered and doc == _stem(q["source"])
        for q in answerable
        for answered, doc in [
            _routed_to_knowledge(assistant, model, q["question"], q.get("lang", "en"))
        ]
    )
    print(f"\n{right}/{len(answerable)} knowledge questions answered from the right file")
    assert right > 0.5 * len(answerable)
    if right < 0.8 * len(answerable):
        pytest.xfail(f"{right}/{len(answerable)} answered from the right file (goal 0.8)")


def test_a_knowledge_folder_is_built_once_per_version_of_its_files(tmp_path: Path) -> None:
    """Apps of one process share the built base of a folder until one of its files changes;
    then the next app gets a base built from the new files, and the old one is let go."""
    import os
    import shutil

    from app.skills import knowledge

    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "data" / "knowledge", folder)
    first = knowledge.knowledge_base(folder)
    assert knowledge.knowledge_base(folder) is first
    page = folder / "campuses-and-hours.md"
    page.write_text(page.read_text() + "\nThe rooftop garden opens at 7:00 on Saturdays.\n")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000))
    second = knowledge.knowledge_base(folder)
    assert second is not first
    assert "rooftop" in second.search("when does the rooftop garden open")[0].sentence
    assert first not in knowledge._BUILT.values()
